import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { roles } from '@rewind/contracts';
import { Caller, Roles } from '@rewind/service-kit';
import { answerRef } from '../openapi/answers';
import { jsonAnswer } from '../read-models/openapi';
import { callerSchema } from './me.answers';

/**
 * Who the caller is: the explorer cannot read roles from a token itself (the claim that holds them
 * is a setting of the API, and a token's payload is not to be trusted unverified), so it asks.
 */
@ApiTags('me')
@Controller('me')
export class MeHttpController {
  @Get()
  @ApiOperation({ summary: 'The caller as its token says: subject and roles' })
  @ApiResponse(jsonAnswer(200, 'The verified caller', answerRef(callerSchema)))
  @Roles(...roles)
  me(@Caller() caller: Caller): Caller {
    return { subject: caller.subject, role: caller.role, roles: caller.roles };
  }
}
