import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, Caller, openApiSchema, problemResponse, Roles } from '@rewind/service-kit';
import type { Response } from 'express';
import { answerListRef, answerRef } from '../openapi/answers';
import { jsonAnswer } from '../read-models/openapi';
import { parsePlanRequest, planRequestSchema, Repairs, shown } from './repairs';
import { repairKindSchema, repairPlanDetailSchema, repairPlanListSchema, repairPlanSchema } from './repairs.answers';

/**
 * Repairs after a bug, for admins (docs/corrections.md): the repairs there are, plans made from the
 * log for review, and their application. Each correction's actor is the admin who applied the plan.
 */
@ApiTags('repairs')
@Controller('repairs')
export class RepairsHttpController {
  constructor(@Inject(Repairs) private readonly repairs: Repairs) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The repairs there are: each with what it repairs and its parameters (a JSON schema)' })
  @ApiResponse(jsonAnswer(200, 'The repairs', answerListRef(repairKindSchema)))
  catalog() {
    return this.repairs.catalog();
  }

  @Post('plans')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Make a plan: read the log and list every aggregate the repair would correct, with what it holds and the version seen; nothing is sent' })
  @ApiBody({ schema: openApiSchema(planRequestSchema) })
  @ApiResponse(jsonAnswer(202, 'Planning: the plan so far, with Location to follow it', answerRef(repairPlanSchema), 'The plan'))
  @ApiResponse(problemResponse(400, 'The body is invalid; `errors` names each field'))
  @ApiResponse(problemResponse(404, 'No such repair'))
  @ApiResponse(problemResponse(422, 'The repair refuses these parameters; `detail` names each'))
  async plan(@Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const plan = await this.repairs.startPlan(parsePlanRequest(body), new Date());
    response.location(`/repairs/plans/${plan.planId}`);
    return shown(plan);
  }

  @Get('plans')
  @Roles('admin')
  @ApiOperation({ summary: 'The latest plans, newest first, without their entries' })
  @ApiResponse(jsonAnswer(200, '`{ plans }`, newest first', answerRef(repairPlanListSchema)))
  async list() {
    return { plans: (await this.repairs.list()).map(shown) };
  }

  @Get('plans/:planId')
  @Roles('admin')
  @ApiOperation({ summary: 'A plan: its status and progress, every entry (with what became of it once applied), what it leaves and why, and the totals' })
  @ApiResponse(jsonAnswer(200, 'The plan', answerRef(repairPlanDetailSchema)))
  @ApiResponse(problemResponse(404, 'No such plan'))
  get(@Param('planId') planId: string) {
    return this.repairs.get(planId);
  }

  @Post('plans/:planId/apply')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Apply a plan in the background, each correction with the command id the plan derived and the version it saw: an aggregate changed since is skipped. ' +
      'Applying again resumes: what was corrected is reported so, not corrected twice.',
  })
  @ApiResponse(jsonAnswer(202, 'Applying: the plan, with Location to follow it', answerRef(repairPlanSchema), 'The plan'))
  @ApiResponse(problemResponse(404, 'No such plan'))
  @ApiResponse(problemResponse(409, 'The plan is still reading the log, or failed'))
  async apply(@Caller() caller: Caller, @Param('planId') planId: string, @Res({ passthrough: true }) response: Response) {
    const plan = await this.repairs.startApply(planId, new Date(), actorOf(caller));
    response.location(`/repairs/plans/${planId}`);
    return shown(plan);
  }
}
