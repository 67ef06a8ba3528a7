import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS } from './app-process';
import { workspaceRoot } from './paths';

describe('the apps as the bench starts them', () => {
  it('run with the V8 flags the image runs them with: their memory is the deployed one', () => {
    const dockerfile = readFileSync(join(workspaceRoot, 'docker', 'Dockerfile'), 'utf8');
    const cmd = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].at(-1)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...APP_NODE_FLAGS, 'main.js']);
  });
});
