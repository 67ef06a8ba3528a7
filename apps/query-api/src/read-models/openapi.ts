import { problemResponse } from '@rewind/service-kit';
import { stalenessHeaderDocs } from './staleness';

/** A read endpoint's answer for @ApiResponse: its body, and the staleness headers every answer carries. */
export const readAnswer = (description: string, schema: object = { type: 'object' }) => ({
  status: 200,
  description,
  headers: stalenessHeaderDocs,
  content: { 'application/json': { schema } },
});

/** A read endpoint's 404: it was read, so it says how stale the read model was. */
export const readNotFound = (description: string) => ({ ...problemResponse(404, description), headers: stalenessHeaderDocs });
