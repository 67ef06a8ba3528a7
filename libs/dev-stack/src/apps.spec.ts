import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressLines, buildsOf, discoverApps, withPortOffset, type AppDefinition } from './apps';

function workspace(projects: Record<string, object>): string {
  const root = mkdtempSync(join(tmpdir(), 'apps-'));
  for (const [dir, project] of Object.entries(projects)) {
    mkdirSync(join(root, 'apps', dir), { recursive: true });
    writeFileSync(join(root, 'apps', dir, 'project.json'), JSON.stringify(project));
  }
  return root;
}

const serve = (app: string, extra: object = {}) => ({ executor: 'nx:run-commands', options: { command: `node -r @swc-node/register apps/${app}/src/main.ts` }, ...extra });

describe('discoverApps', () => {
  it('finds the apps that have a serve target, with their URLs, ports, commands, env and builds', () => {
    const root = workspace({
      'payment-service': { name: 'payment-service', metadata: { url: 'http://127.0.0.1:3002' }, targets: { serve: serve('payment-service') } },
      'query-api': {
        name: 'query-api',
        metadata: { url: 'http://localhost:3004/docs', links: { explorer: 'http://localhost:3004/explorer/' } },
        targets: {
          serve: {
            ...serve('query-api'),
            dependsOn: [{ projects: ['explorer'], target: 'build' }],
            options: { command: 'node -r @swc-node/register apps/query-api/src/main.ts', env: { EXPLORER_DIR: 'dist/explorer' } },
          },
        },
      },
      explorer: { name: 'explorer', targets: { build: { executor: 'nx:run-commands', options: { command: 'vite build --config apps/explorer/vite.config.mjs' } } } },
      'explorer-e2e': { name: 'explorer-e2e', targets: { e2e: {} } },
    });
    mkdirSync(join(root, 'apps', 'not-a-project'));

    expect(discoverApps(root)).toEqual([
      { name: 'payment-service', url: 'http://127.0.0.1:3002', port: 3002, command: ['node', '-r', '@swc-node/register', 'apps/payment-service/src/main.ts'], env: {}, builds: [] },
      {
        name: 'query-api',
        url: 'http://localhost:3004/docs',
        links: { explorer: 'http://localhost:3004/explorer/' },
        port: 3004,
        command: ['node', '-r', '@swc-node/register', 'apps/query-api/src/main.ts'],
        env: { EXPLORER_DIR: 'dist/explorer' },
        builds: [{ project: 'explorer', target: 'build', command: 'vite build --config apps/explorer/vite.config.mjs', env: {} }],
      },
    ]);
  });

  it('reads this workspace: every app runs with node directly, and the query API after the explorer is built', () => {
    const apps = discoverApps(join(__dirname, '..', '..', '..'));
    expect(apps.map((app) => [app.name, app.port, app.command[0]])).toEqual([
      ['order-service', 3001, 'node'],
      ['payment-service', 3002, 'node'],
      ['projector', 3005, 'node'],
      ['query-api', 3004, 'node'],
      ['shipping-service', 3003, 'node'],
    ]);
    expect(buildsOf(apps).map((step) => `${step.project}:${step.target}`)).toEqual(['explorer:build']);
  });

  it('refuses a serve command that needs a shell, and a dependsOn it cannot read, naming the app', () => {
    expect(() => discoverApps(workspace({ a: { name: 'a', targets: { serve: { options: { command: 'node main.js && echo done' } } } } }))).toThrow(/a:serve runs `node main.js && echo done`, which needs a shell/);
    expect(() => discoverApps(workspace({ a: { name: 'a', targets: { serve: {} } } }))).toThrow(/a:serve has no options.command/);
    expect(() => discoverApps(workspace({ a: { name: 'a', targets: { serve: { ...serve('a'), dependsOn: ['^build'] } } } }))).toThrow(/a:serve dependsOn "\^build"/);
  });

  it('finds nothing in a workspace without apps', () => {
    expect(discoverApps(mkdtempSync(join(tmpdir(), 'apps-')))).toEqual([]);
  });
});

const app = (name: string, url: string, links?: Record<string, string>): AppDefinition => ({
  name,
  url,
  ...(links ? { links } : {}),
  port: Number(new URL(url).port),
  command: ['node', 'main.ts'],
  env: {},
  builds: [],
});

describe('withPortOffset', () => {
  it('moves the port and every address of an app by the offset', () => {
    const moved = withPortOffset(app('query-api', 'http://localhost:3004/docs', { explorer: 'http://localhost:3004/explorer/' }), 20_000);
    expect(moved).toMatchObject({ port: 23004, url: 'http://localhost:23004/docs', links: { explorer: 'http://localhost:23004/explorer/' } });
  });
});

describe('buildsOf', () => {
  it('builds what several apps need once', () => {
    const step = { project: 'explorer', target: 'build', command: 'vite build', env: {} };
    expect(buildsOf([{ ...app('a', 'http://x:1'), builds: [step] }, { ...app('b', 'http://x:2'), builds: [step] }])).toEqual([step]);
  });
});

describe('addressLines', () => {
  it('gives each app’s address, then the other pages it serves, under their own names', () => {
    expect(
      addressLines([app('order-service', 'http://127.0.0.1:3001/docs'), app('query-api', 'http://127.0.0.1:3004/docs', { explorer: 'http://127.0.0.1:3004/explorer/' })]),
    ).toEqual(['  order-service        http://127.0.0.1:3001/docs', '  query-api            http://127.0.0.1:3004/docs', '  explorer             http://127.0.0.1:3004/explorer/']);
  });
});
