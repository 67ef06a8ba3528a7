import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CommandEnvelope } from '@rewind/contracts';
import { INTERNAL_COMMANDS_PATH, type CommandRouter } from '@rewind/event-store';
import { HttpProblem, problemType } from './problem';

/** The injection token of the service's CommandRouter (COMMAND_CLIENT is the same object, typed for controllers). */
export const COMMAND_ROUTER = Symbol('COMMAND_ROUTER');

/**
 * Where the service's instances forward each other the commands, reads and look-ups of the
 * partitions each owns (CommandRouter). Not public: not in the OpenAPI document, not routed by the
 * Ingress (tools/deploy checks that no Ingress path leads here), and refused without the internal
 * credential. 421 Misdirected Request says this instance does not own the partition (any more):
 * nothing was decided, and the forwarder asks the owner the group names now.
 */
@ApiExcludeController()
@Controller()
export class InternalCommandsController {
  constructor(@Inject(COMMAND_ROUTER) private readonly router: CommandRouter<CommandEnvelope>) {}

  @Post(INTERNAL_COMMANDS_PATH.slice(1))
  @HttpCode(HttpStatus.OK)
  async answer(@Headers('authorization') authorization: string | undefined, @Body() body: unknown) {
    const answer = await this.router.answerForwarded(authorization, body);
    switch (answer.kind) {
      case 'reply':
        return answer.reply;
      case 'batch':
        return { answers: answer.answers };
      case 'unauthorized':
        throw new HttpProblem(
          {
            type: problemType('internal-credential-required'),
            title: 'The internal credential is required',
            status: HttpStatus.UNAUTHORIZED,
            detail: `${INTERNAL_COMMANDS_PATH} takes requests from the service's own instances only: send Authorization: Bearer <INTERNAL_TOKEN>`,
          },
          { 'WWW-Authenticate': 'Bearer realm="rewind-internal"' },
        );
      case 'not-owner':
        throw new HttpProblem({
          type: problemType('not-partition-owner'),
          title: 'This instance does not own the partition',
          status: HttpStatus.MISDIRECTED,
          detail: `partition ${answer.partition} is not owned by this instance (any more): nothing was done; ask its owner`,
          partition: answer.partition,
        });
      case 'invalid':
        throw new HttpProblem({ type: problemType('invalid-request'), title: 'The request is invalid', status: HttpStatus.BAD_REQUEST, detail: answer.reason });
      default: {
        const unreachable: never = answer;
        return unreachable;
      }
    }
  }
}
