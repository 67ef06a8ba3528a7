import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problemResponse, Roles } from '@rewind/service-kit';
import type { Response } from 'express';
import { answerListRef, answerRef } from '../openapi/answers';
import { jsonAnswer } from '../read-models/openapi';
import { Projections } from './projections';
import { generationComparisonSchema, projectionStatusSchema } from './projections.answers';

/** How far behind each read model is, which generation is live, and rebuilds. */
@ApiTags('projections')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(@Inject(Projections) private readonly projections: Projections) {}

  @Get()
  @ApiOperation({ summary: 'Every projection: live generation, lag per partition, rebuild in progress, retired generations' })
  @ApiResponse(jsonAnswer(200, 'The status of every projection', answerListRef(projectionStatusSchema)))
  @ApiResponse(problemResponse(503, 'Kafka or MongoDB did not answer'))
  @Roles('admin', 'operator')
  all() {
    return this.projections.all();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One projection’s status' })
  @ApiResponse(jsonAnswer(200, 'The projection’s status', answerRef(projectionStatusSchema)))
  @ApiResponse(problemResponse(404, 'No such projection; `known` lists them'))
  @ApiResponse(problemResponse(503, 'Kafka or MongoDB did not answer'))
  @Roles('admin', 'operator')
  one(@Param('name') name: string) {
    return this.projections.one(name);
  }

  @Post(':name/rebuild')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a rebuild into the next generation, up to the source topics’ ends now; the projector runs it and flips to it once caught up. Asking again resumes the one recorded.',
  })
  @ApiResponse(jsonAnswer(202, 'Recorded: the status, with Location to follow it', answerRef(projectionStatusSchema), 'The projection’s status'))
  @ApiResponse(problemResponse(404, 'No such projection; `known` lists them'))
  @ApiResponse(problemResponse(503, 'Kafka or MongoDB did not answer'))
  async rebuild(@Param('name') name: string, @Res({ passthrough: true }) response: Response) {
    const status = await this.projections.requestRebuild(name, new Date());
    response.location(`/projections/${encodeURIComponent(name)}`);
    return status;
  }

  @Post(':name/verify')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Compare the live generation document by document with the one being rebuilt, or else with the one it replaced, at the same log positions (the replaced one is folded forward in memory to where the live one is); the first differences are listed, all are counted',
  })
  @ApiResponse(
    jsonAnswer(
      200,
      'The comparison: documents in each generation, ids in one only, documents that differ and where; `inFlight`: documents the live generation changed while verify ran, ' +
        'not compared; `alignment`: how both were brought to the same positions, or why they were compared as stored',
      answerRef(generationComparisonSchema),
    ),
  )
  @ApiResponse(problemResponse(404, 'No such projection; `known` lists them'))
  @ApiResponse(problemResponse(409, 'There is only the live generation: nothing to compare it with'))
  verify(@Param('name') name: string) {
    return this.projections.verify(name);
  }
}
