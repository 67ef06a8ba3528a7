import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** A contract's zod schema as an OpenAPI schema object: one definition serves validation and docs. */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema']; // OpenAPI documents name their own dialect
  return json as SchemaObject;
}

/** The problem+json answer, for @ApiResponse. */
export const problemResponse = (status: number, description: string) => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } } } } } },
});

/** The headers of a command request, for @ApiHeader. */
export const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeating a request with the same key repeats its first answer and changes nothing.',
};
export const ifMatchHeader = { name: 'If-Match', required: false, description: 'The version the change is based on; 409 if the resource has moved on' };
