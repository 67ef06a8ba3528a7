import { HttpStatus } from '@nestjs/common';
import { HttpProblem, problemType } from '@rewind/service-kit';

/** 404 for a read model document that is not there (yet: the staleness headers say how far behind the read model is). */
export const notFound = (kind: string, id: string) =>
  new HttpProblem({ type: problemType(`${kind}-not-found`), title: `No such ${kind}`, status: HttpStatus.NOT_FOUND, detail: `${kind} ${id} is not in the read model` });
