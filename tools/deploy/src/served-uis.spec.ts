import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deployableApps, workspaceRoot } from './apps';
import { SERVED_UIS, servedUiImageDir, servedUiProblems, servedUis } from './served-uis';

describe('the web UIs the images carry', () => {
  const apps = deployableApps();

  it("are the query API's explorer", () => {
    expect(SERVED_UIS.map((ui) => [ui.app, ui.project])).toEqual([['query-api', 'explorer']]);
    expect(servedUis('order-service')).toEqual([]);
  });

  it.each(SERVED_UIS.map((ui) => [ui.project, ui] as const))('%s: built by a Vite config of its project, served by a deployable app that reads the setting and accepts the folder', (_, ui) => {
    expect(existsSync(join(workspaceRoot, ui.root, 'project.json'))).toBe(true);
    expect(existsSync(join(workspaceRoot, ui.root, 'vite.config.mjs'))).toBe(true);
    const app = apps.find((candidate) => candidate.name === ui.app);
    expect(app?.settings.shape[ui.setting]?.safeParse(servedUiImageDir(ui)).success).toBe(true);
  });
});

describe("a deployment's setting for the UI an image holds", () => {
  it('must name the folder the image holds it in', () => {
    expect(servedUiProblems('query-api', { EXPLORER_DIR: '/app/explorer' })).toEqual([]);
    expect(servedUiProblems('query-api', {})).toEqual(['query-api: EXPLORER_DIR is unset, so the explorer its image holds in /app/explorer is not served']);
    expect(servedUiProblems('query-api', { EXPLORER_DIR: 'dist/explorer' })).toEqual(['query-api: EXPLORER_DIR is dist/explorer, but its image holds the explorer in /app/explorer']);
  });

  it('is asked of no app whose image holds no UI', () => {
    expect(servedUiProblems('projector', {})).toEqual([]);
  });
});
