import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { openApiSchema, problemResponse, Roles } from '@rewind/service-kit';
import { answerRef } from '../openapi/answers';
import { jsonAnswer } from '../read-models/openapi';
import { DEAD_LETTER_LIMIT, DeadLetters, parseDeadLetterQuery, parseReplayRequest, replayRequestSchema } from './dead-letters';
import { deadLetterListSchema, replayAnswerSchema } from './dead-letters.answers';

/** What the consumers gave up on (docs/reliability.md): admin only, since a dead letter carries a record's data. */
@ApiTags('dead-letters')
@Controller('dead-letters')
export class DeadLettersHttpController {
  constructor(@Inject(DeadLetters) private readonly deadLetters: DeadLetters) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The dead letters that still hold their keys, oldest first per key: the consumer, the reason, where each came from, and the record itself' })
  @ApiQuery({ name: 'consumer', required: false, schema: openApiSchema(replayRequestSchema.shape.consumer), description: 'A consumer group, such as projection.orders.g1 or payments.reactions' })
  @ApiQuery({ name: 'key', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'The source record’s key (an aggregate id)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: DEAD_LETTER_LIMIT.max, default: DEAD_LETTER_LIMIT.default } })
  @ApiResponse(jsonAnswer(200, '`{ total, deadLetters }`: the letters, at most `limit`, and how many there are', answerRef(deadLetterListSchema)))
  @ApiResponse(problemResponse(400, 'A parameter is invalid; `errors` names each one'))
  @ApiResponse(problemResponse(503, 'Kafka did not answer'))
  list(@Query() query: Record<string, unknown>) {
    return this.deadLetters.list(parseDeadLetterQuery(query));
  }

  @Post('replay')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Ask a consumer to handle its dead letters again after a fix, those of one key or all: the instance that owns each key handles them in order, then lets the key flow on. What fails again is dead-lettered again.',
  })
  @ApiBody({ schema: openApiSchema(replayRequestSchema) })
  @ApiResponse(jsonAnswer(202, 'Requested: `{ consumer, requestedAt, keys }`; `GET /dead-letters` shows the letters until they are released', answerRef(replayAnswerSchema)))
  @ApiResponse(problemResponse(400, 'The body is invalid; `errors` names each field'))
  @ApiResponse(problemResponse(404, 'The consumer holds no dead letters (of that key)'))
  @ApiResponse(problemResponse(409, 'No member of the consumer group runs, so nobody would carry the replay out; `consumer` names the group'))
  @ApiResponse(problemResponse(503, 'Kafka did not answer'))
  replay(@Body() body: unknown) {
    return this.deadLetters.replay(parseReplayRequest(body), new Date());
  }
}
