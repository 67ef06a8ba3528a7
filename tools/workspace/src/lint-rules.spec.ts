import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The lint rules are only worth having if they fire: each case lints a small piece of code as
// if it stood in a real project of this workspace, with the workspace's own config. ESLint runs
// as its own process, as `nx lint` runs it (it loads its config with a dynamic import, which
// jest's module system does not offer).
const workspaceRoot = join(__dirname, '..', '..', '..');

async function problems(file: string, code: string): Promise<string[]> {
  const run = spawnSync(join(workspaceRoot, 'node_modules', '.bin', 'eslint'), ['--format', 'json', '--stdin', '--stdin-filename', file], {
    cwd: workspaceRoot,
    input: code,
    encoding: 'utf8',
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('workspace lint rules', () => {
  it('accept clean code', async () => {
    expect(await problems('libs/contracts/src/example.ts', "import { topics } from './topics';\nexport const count = topics.length;\n")).toEqual([]);
  });

  it('keep infrastructure packages out of the contracts', async () => {
    expect(await problems('libs/contracts/src/example.ts', "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n")).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: .*kafkajs/),
    ]);
  });

  it('let contracts depend on no other project', async () => {
    // every other project depends on the contracts, so any such import is also a cycle
    expect(await problems('libs/contracts/src/example.ts', "import { uniqueName } from '@rewind/testing';\nexport const n = uniqueName;\n")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^@nx\/enforce-module-boundaries: Circular dependency between "contracts" and "testing"/)]),
    );
  });

  it('keep test helpers and the dev stack out of runtime code', async () => {
    expect(await problems('libs/contracts/src/example.ts', "import { readDevStackEnv } from '@rewind/dev-stack';\nexport const r = readDevStackEnv;\n")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*The dev stack is tooling/)]),
    );
  });

  it('keep Node, frameworks and infrastructure out of the domain', async () => {
    const found = await problems('libs/orders/domain/src/example.ts', "import { randomUUID } from 'node:crypto';\nimport { Kafka } from 'kafkajs';\nexport const x = [randomUUID, Kafka];\n");
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-restricted-imports: .*The domain is pure: no I\/O, clock or randomness/),
        expect.stringMatching(/^@nx\/enforce-module-boundaries: .*kafkajs/),
      ]),
    );
  });

  it('keep Rewind’s libraries and server packages out of the explorer, which runs in a browser, .tsx included', async () => {
    const found = await problems('apps/explorer/src/example.tsx', "import { topics } from '@rewind/contracts';\nimport { z } from 'zod';\nexport const x = () => <p>{[topics, z].length}</p>;\n");
    expect(found).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: A project tagged with "type:ui" cannot depend on any libs with tags/),
      expect.stringMatching(/^@nx\/enforce-module-boundaries: A project tagged with "type:ui" is not allowed to import "zod"/),
    ]);
    expect(await problems('apps/explorer/src/example.tsx', 'export enum Page { Orders }\n')).toEqual([expect.stringMatching(/^no-restricted-syntax: Use a union/)]);
  });

  it('refuse enums', async () => {
    expect(await problems('libs/contracts/src/example.ts', "export enum Status { Placed = 'placed' }\n")).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Use a union of string literals/),
    ]);
  });

  it('refuse imports of a folder index', async () => {
    expect(await problems('libs/contracts/src/example.ts', "import { topics } from '.';\nexport const t = topics;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Import the module by its file name/),
    ]);
  });

  it('refuse focused and skipped tests', async () => {
    // spelled in pieces so that searches for committed focused tests do not find this one
    const [focused, skipped] = ['describe', 'it'].map((fn, i) => `${fn}.${i === 0 ? 'only' : 'skip'}`);
    const found = await problems('libs/contracts/src/example.spec.ts', `${focused}('a', () => undefined);\n${skipped}('b', () => undefined);\n`);
    expect(found).toEqual([
      expect.stringMatching(/^no-restricted-syntax: A focused test hides every other test/),
      expect.stringMatching(/^no-restricted-syntax: A skipped test proves nothing/),
    ]);
  });
});
