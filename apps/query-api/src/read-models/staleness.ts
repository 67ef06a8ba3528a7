import type { ProjectionStatus } from '@rewind/projection-runtime';

/**
 * How fresh an answer is, as headers: which projection and generation it was read from, and how
 * many records of that projection's source topics the generation had not folded in yet.
 */
export function stalenessHeaders(projection: string, generation: number, status: ProjectionStatus | undefined): Record<string, string> {
  // a lag measured on another generation (the pointer has just flipped) says nothing about this one
  const measured = status && status.live === generation ? status.lag : undefined;
  return {
    'Rewind-Projection': projection,
    'Rewind-Generation': String(generation),
    'Rewind-Lag': measured ? String(measured.records) : 'unknown',
    ...(measured ? { 'Rewind-Lag-Measured-At': measured.measuredAt } : {}),
  };
}

/** The same headers, for OpenAPI. */
export const stalenessHeaderDocs = {
  'Rewind-Projection': { description: 'The read model (projection) the answer was read from', schema: { type: 'string' } },
  'Rewind-Generation': { description: "The projection's live generation the answer was read from", schema: { type: 'integer' } },
  'Rewind-Lag': {
    description: 'Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked',
    schema: { type: 'string', example: '0' },
  },
  'Rewind-Lag-Measured-At': { description: 'When Rewind-Lag was measured (ISO-8601); absent when it is unknown', schema: { type: 'string', format: 'date-time' } },
};
