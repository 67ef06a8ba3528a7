import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverApps } from './apps';

describe('discoverApps', () => {
  it('finds the apps that have a serve target, with their URLs', () => {
    const root = mkdtempSync(join(tmpdir(), 'apps-'));
    const app = (dir: string, project: object) => {
      mkdirSync(join(root, 'apps', dir), { recursive: true });
      writeFileSync(join(root, 'apps', dir, 'project.json'), JSON.stringify(project));
    };
    app('payment-service', { name: 'payment-service', metadata: { url: 'http://127.0.0.1:3002' }, targets: { serve: {} } });
    app('order-service', { name: 'order-service', metadata: { url: 'http://127.0.0.1:3001' }, targets: { serve: {}, test: {} } });
    app('explorer-e2e', { name: 'explorer-e2e', targets: { e2e: {} } });
    mkdirSync(join(root, 'apps', 'not-a-project'));

    expect(discoverApps(root)).toEqual([
      { name: 'order-service', url: 'http://127.0.0.1:3001' },
      { name: 'payment-service', url: 'http://127.0.0.1:3002' },
    ]);
  });

  it('finds nothing in a workspace without apps', () => {
    expect(discoverApps(mkdtempSync(join(tmpdir(), 'apps-')))).toEqual([]);
  });
});
