import type { OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';

/** Where the explorer keeps the query API's types, from the workspace's root. */
export const EXPLORER_TYPES_FILE = 'apps/explorer/src/api/query-api.openapi.ts';

const HEADER = `// Generated from the query API's OpenAPI document by openapi-typescript: do not edit.
// After a change to an answer of the query API, run \`npm run openapi:explorer\` to regenerate it;
// apps/query-api/src/openapi/explorer-types.spec.ts fails while it is not fresh.
`;

// openapi-typescript and its dependencies are ES modules, which jest's CommonJS runtime cannot load
// (short of --experimental-vm-modules): it runs in a Node process of its own, the document on stdin
const GENERATE = `
import openapiTS, { astToString } from 'openapi-typescript';
let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(astToString(await openapiTS(JSON.parse(input), { immutable: true, arrayLength: true })));
`;

/**
 * The explorer's types of the query API, generated from its OpenAPI document: every path with its
 * parameters and answers, and every named answer under `components['schemas']`. Readonly
 * throughout, as the explorer treats what the API answered.
 */
export function explorerTypes(document: OpenAPIObject): string {
  const types = execFileSync(process.execPath, ['--input-type=module', '--eval', GENERATE], {
    input: JSON.stringify(document),
    encoding: 'utf8',
    cwd: __dirname,
  });
  return `${HEADER}\n${types}`;
}
