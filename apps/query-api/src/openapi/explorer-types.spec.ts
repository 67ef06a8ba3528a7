import 'reflect-metadata';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryApiDocument } from '../query-api';
import { EXPLORER_TYPES_FILE, explorerTypes } from './explorer-types';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

type Operation = { responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> };

/** Every success answer of the document: its path, method, status and JSON schema. */
function successes(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).flatMap(([method, operation]) =>
      Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('2'))
        .map(([status, response]) => ({ at: `${method.toUpperCase()} ${path} ${status}`, schema: response.content?.['application/json']?.schema })),
    ),
  );
}

describe("the query API's OpenAPI document and the explorer's types", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await queryApiDocument();
  });

  it('describes every success answer by a named schema of its components, not as a bare object', () => {
    const answers = successes(document);
    expect(answers.length).toBeGreaterThan(15);
    const named = (schema: Record<string, unknown> | undefined) => {
      const ref = schema?.['$ref'] ?? (schema?.['items'] as Record<string, unknown> | undefined)?.['$ref'];
      return typeof ref === 'string' && ref.replace('#/components/schemas/', '') in (document.components?.schemas ?? {});
    };
    expect(answers.filter(({ schema }) => !named(schema)).map(({ at }) => at)).toEqual([]);
  });

  it('names the answers the explorer reads, an object listing exactly its fields', () => {
    const schemas = document.components?.schemas ?? {};
    const named = ['OrderView', 'OrderPage', 'OrderTimeline', 'RewoundOrder', 'PaymentView', 'ShipmentView', 'ProjectionStatus', 'DeadLetterList', 'RepairPlanDetail'];
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(named));
    expect(schemas['OrderView']).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['orderId', 'status', 'version', 'lines', 'updatedAt']),
    });
  });

  it(`keeps ${EXPLORER_TYPES_FILE} as generated from the document (run npm run openapi:explorer to regenerate it)`, () => {
    const committed = readFileSync(join(workspaceRoot, EXPLORER_TYPES_FILE), 'utf8');
    const fresh = explorerTypes(document);
    if (committed !== fresh) {
      throw new Error(
        `${EXPLORER_TYPES_FILE} is not what the query API's OpenAPI document generates: run npm run openapi:explorer to regenerate it, and commit it`,
      );
    }
  });
});
