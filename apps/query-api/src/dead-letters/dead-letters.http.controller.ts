import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, problemResponse } from '@rewind/service-kit';
import { DEAD_LETTER_LIMIT, DeadLetters, parseDeadLetterQuery } from './dead-letters';

/** What the consumers gave up on (docs/reliability.md): an admin read, since a dead letter carries a record's data. */
@ApiTags('dead-letters')
@Controller('dead-letters')
export class DeadLettersHttpController {
  constructor(@Inject(DeadLetters) private readonly deadLetters: DeadLetters) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'Dead letters, oldest first per partition: the consumer, the reason, where each came from, and the record itself' })
  @ApiQuery({ name: 'consumer', required: false, schema: { type: 'string' }, description: 'A consumer group, such as projection.orders.g1 or payments.reactions' })
  @ApiQuery({ name: 'key', required: false, schema: { type: 'string' }, description: 'The source record’s key (an aggregate id)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: DEAD_LETTER_LIMIT.max, default: DEAD_LETTER_LIMIT.default } })
  @ApiResponse({ status: 200, description: '`{ total, deadLetters }`' })
  @ApiResponse(problemResponse(400, 'A parameter is invalid; `errors` names each one'))
  @ApiResponse(problemResponse(503, 'Kafka did not answer'))
  list(@Query() query: Record<string, unknown>) {
    return this.deadLetters.list(parseDeadLetterQuery(query));
  }
}
