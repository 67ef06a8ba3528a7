import { problemResponse } from '@rewind/service-kit';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { stalenessHeaderDocs } from './staleness';

/** A read endpoint's answer for @ApiResponse: its body, and the staleness headers every answer carries. */
export const readAnswer = (description: string, schema: SchemaObject | ReferenceObject) => ({
  status: 200,
  description,
  headers: stalenessHeaderDocs,
  content: { 'application/json': { schema } },
});

/** A read endpoint's 404: it was read, so it says how stale the read model was. */
export const readNotFound = (description: string) => ({ ...problemResponse(404, description), headers: stalenessHeaderDocs });

/** An answer other than a read's, for @ApiResponse; `location` when it carries a Location to follow. */
export const jsonAnswer = (status: number, description: string, schema: SchemaObject | ReferenceObject, location?: string) => ({
  status,
  description,
  ...(location === undefined ? {} : { headers: { Location: { description: location, schema: { type: 'string' } } } }),
  content: { 'application/json': { schema } },
});
