import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Rewind names its Node line in five places; a move to the next LTS that forgets one of them
// builds images, CI runs or developer shells on different runtimes without anyone noticing.
const workspaceRoot = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(workspaceRoot, path), 'utf8');
const major = (version: string) => Number(/(\d+)/.exec(version)?.[1]);

describe('the Node version', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const ciVersion = /^NODE_VERSION=(\S+)$/m.exec(read('.ci/run'))?.[1] ?? '';
  const dockerVersions = [...read('docker/Dockerfile').matchAll(/^FROM node:(\S+)/gm)].map((match) => match[1] ?? '');

  it('is one LTS line everywhere: engines, .nvmrc, .node-version, the images and CI', () => {
    expect(major(engines)).toBe(24);
    expect(major(read('.nvmrc'))).toBe(24);
    expect(major(read('.node-version'))).toBe(24);
    expect(dockerVersions).toHaveLength(3);
    expect(dockerVersions.map(major)).toEqual([24, 24, 24]);
    expect(major(ciVersion)).toBe(24);
  });

  it('is the same exact release in the images and in CI', () => {
    expect(new Set([...dockerVersions.map((tag) => tag.split('-')[0]), ciVersion])).toEqual(new Set([ciVersion]));
  });

  it('is what runs the tests', () => {
    expect(major(process.version)).toBeGreaterThanOrEqual(24);
  });
});
