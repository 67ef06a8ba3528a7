import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryApiDocument } from '../query-api';
import { EXPLORER_TYPES_FILE, explorerTypes } from './explorer-types';

// `npm run openapi:explorer`: writes the explorer's types of the query API afresh from its OpenAPI document.
async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', '..', '..', EXPLORER_TYPES_FILE);
  writeFileSync(file, explorerTypes(await queryApiDocument()));
  process.stdout.write(`wrote ${EXPLORER_TYPES_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
