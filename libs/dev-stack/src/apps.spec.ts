import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressLines, discoverApps } from './apps';

describe('discoverApps', () => {
  it('finds the apps that have a serve target, with their URLs and the other pages they serve', () => {
    const root = mkdtempSync(join(tmpdir(), 'apps-'));
    const app = (dir: string, project: object) => {
      mkdirSync(join(root, 'apps', dir), { recursive: true });
      writeFileSync(join(root, 'apps', dir, 'project.json'), JSON.stringify(project));
    };
    app('payment-service', { name: 'payment-service', metadata: { url: 'http://127.0.0.1:3002' }, targets: { serve: {} } });
    app('query-api', { name: 'query-api', metadata: { url: 'http://127.0.0.1:3004/docs', links: { explorer: 'http://127.0.0.1:3004/explorer/' } }, targets: { serve: {} } });
    app('order-service', { name: 'order-service', metadata: { url: 'http://127.0.0.1:3001' }, targets: { serve: {}, test: {} } });
    app('explorer-e2e', { name: 'explorer-e2e', targets: { e2e: {} } });
    mkdirSync(join(root, 'apps', 'not-a-project'));

    expect(discoverApps(root)).toEqual([
      { name: 'order-service', url: 'http://127.0.0.1:3001' },
      { name: 'payment-service', url: 'http://127.0.0.1:3002' },
      { name: 'query-api', url: 'http://127.0.0.1:3004/docs', links: { explorer: 'http://127.0.0.1:3004/explorer/' } },
    ]);
  });

  it('finds nothing in a workspace without apps', () => {
    expect(discoverApps(mkdtempSync(join(tmpdir(), 'apps-')))).toEqual([]);
  });
});

describe('addressLines', () => {
  it('gives each app’s address, then the other pages it serves, under their own names', () => {
    expect(
      addressLines([
        { name: 'order-service', url: 'http://127.0.0.1:3001/docs' },
        { name: 'query-api', url: 'http://127.0.0.1:3004/docs', links: { explorer: 'http://127.0.0.1:3004/explorer/' } },
      ]),
    ).toEqual(['  order-service        http://127.0.0.1:3001/docs', '  query-api            http://127.0.0.1:3004/docs', '  explorer             http://127.0.0.1:3004/explorer/']);
  });
});
