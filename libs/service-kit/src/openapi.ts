import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiResponse, SwaggerModule, type ApiResponseOptions, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, PathItemObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './command-http';
import { problemType, type ProblemDetails } from './problem';

/**
 * A contract's zod schema as an OpenAPI 3.0 schema object: one definition serves validation and
 * docs, so the patterns, bounds and required fields the API checks are the ones it shows.
 */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete json['$schema']; // OpenAPI documents name their own dialect
  return json as SchemaObject;
}

/** The name of the bearer security scheme in every app's OpenAPI document. */
export const BEARER_SECURITY = 'bearer';
export const bearerScheme = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: "An access token of the installation's OIDC issuer, with the caller's roles (docs/security.md); `npm start` prints one per role.",
};

/** RFC 9457 problem details, as every error is answered. */
export const problemSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/** The problem+json answer, for @ApiResponse. */
export const problemResponse = (status: number, description: string) => ({
  status,
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The headers of a command request, for @ApiHeader: the patterns are the ones the API checks them with. */
export const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeating a request with the same key repeats its first answer and changes nothing; another request under a used key is answered 422 (`idempotency_key_reused`).',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
};
export const ifMatchHeader = {
  name: 'If-Match',
  required: false,
  description: 'The version the change is based on (`3`, `"3"` or `W/"3"`); 409 if the resource has moved on',
  schema: { type: 'string', pattern: IF_MATCH_PATTERN.source },
};

/** A command's success, for @ApiResponse: `{<id>, version}`, the aggregate's version after it. */
export const commandAccepted = (status: 200 | 201, idField: string, description: string) => ({
  status,
  description,
  ...(status === 201 ? { headers: { Location: { description: 'The new resource', schema: { type: 'string' } } } } : {}),
  content: {
    'application/json': {
      schema: { type: 'object', required: [idField, 'version'], properties: { [idField]: { type: 'string' }, version: { type: 'integer', minimum: 0 } } },
    },
  },
});

/** A command whose outcome was not known in time, for @ApiResponse. */
export const commandPending = (idField: string) => ({
  status: 202,
  description: 'The outcome is not known yet: follow `statusUrl` (also the Location)',
  headers: { Location: { description: 'The command’s status URL', schema: { type: 'string' } } },
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: [idField, 'commandId', 'status', 'statusUrl'],
        properties: { [idField]: { type: 'string' }, commandId: { type: 'string' }, status: { type: 'string', enum: ['pending'] }, statusUrl: { type: 'string' } },
      },
    },
  },
});

/** An aggregate as its owner knows it, for @ApiResponse: its id, version (also the ETag) and state. */
export const stateAnswer = (idField: string, description: string) => ({
  status: 200,
  description,
  headers: { ETag: { description: 'The version, for If-Match', schema: { type: 'string' } } },
  content: {
    'application/json': {
      schema: { type: 'object', required: [idField, 'version', 'status'], properties: { [idField]: { type: 'string' }, version: { type: 'integer', minimum: 1 }, status: { type: 'string' } } },
    },
  },
});

/** The answers of `GET …/commands/{commandId}`: the command's outcome, as answerCommandStatus gives it. */
const commandStatusAnswers: ApiResponseOptions[] = [
  {
    status: 200,
    description: 'Accepted: `{status: "accepted", commandId, aggregateId, version}`',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['status', 'commandId', 'aggregateId', 'version'],
          properties: { status: { type: 'string', enum: ['accepted'] }, commandId: { type: 'string' }, aggregateId: { type: 'string' }, version: { type: 'integer', minimum: 0 } },
        },
      },
    },
  },
  {
    status: 202,
    description: 'The outcome is not known yet: ask again',
    content: {
      'application/json': {
        schema: { type: 'object', required: ['status', 'commandId', 'aggregateId'], properties: { status: { type: 'string', enum: ['pending'] }, commandId: { type: 'string' }, aggregateId: { type: 'string' } } },
      },
    },
  },
  problemResponse(400, 'The command was malformed'),
  problemResponse(404, 'The command never arrived (it is safe to send again), or it was refused because the resource does not exist'),
  problemResponse(409, 'The command was based on a version the resource had moved on from'),
  problemResponse(422, 'The command was refused by a business rule'),
  problemResponse(503, 'The command could not be looked up in time'),
];

/** Documents a `GET …/commands/{commandId}` route with every answer answerCommandStatus gives. */
export const CommandStatusResponses = () => applyDecorators(...commandStatusAnswers.map((answer) => ApiResponse(answer)));

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Adds to every operation the answers the HTTP layer gives before any controller runs, so that no
 * controller has to remember them: a body that is not JSON or too large or in a charset JSON is not
 * read in (400, 413, 415), and a header or query parameter that is invalid (400). A command (an
 * operation that takes an Idempotency-Key) also answers 422 for a key used before for another
 * request, 500 when its handler failed, and 503 when Kafka did not take it in time.
 */
export function withHttpProblems(document: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item).map(([key, value]) => [key, httpMethods.some((method) => method === key) ? withOperationProblems(value as OperationObject) : value])) as PathItemObject,
    ]),
  );
  return { ...document, paths };
}

function withOperationProblems(operation: OperationObject): OperationObject {
  const extra: Record<string, ResponseObject> = {};
  const parameters = (operation.parameters ?? []).filter((parameter): parameter is ParameterObject => !isReference(parameter));
  if (operation.requestBody || parameters.some((parameter) => parameter.in === 'query' || parameter.in === 'header')) {
    extra['400'] = problemResponse(400, 'The body, a header or a parameter is invalid; `errors` names each at fault');
  }
  if (operation.requestBody) {
    extra['413'] = problemResponse(413, 'The body is over the size limit');
    extra['415'] = problemResponse(415, 'The body is not JSON, or not in a charset JSON is read in');
  }
  const own = operation.responses as Record<string, ResponseObject | ReferenceObject | undefined>;
  if (parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key')) {
    const reused = 'the Idempotency-Key was used before for another request (`idempotency_key_reused`)';
    const documented = own['422'];
    extra['422'] = documented && !isReference(documented) ? { ...documented, description: `${documented.description}; or ${reused}` } : problemResponse(422, capitalized(reused));
    extra['500'] = problemResponse(500, 'The command failed in its handler; `commandId` names it, nothing was applied, and the key keeps this answer');
    extra['503'] = problemResponse(503, 'Kafka did not take the command in time; send it again with the same Idempotency-Key');
  }
  // what the operation documents itself says more than the generic answer (a 422 is extended above)
  return { ...operation, responses: { ...extra, ...operation.responses, ...(extra['422'] ? { 422: extra['422'] } : {}) } };
}

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * Answers a request for a path the document declares, but with a method it does not declare:
 * 405 with `Allow` (RFC 9110), rather than the router's 404 that would say the resource is not
 * there. OPTIONS is answered with `Allow` alone. Paths the document does not declare pass on.
 */
export function methodNotAllowed(document: OpenAPIObject): (request: Request, response: Response, next: NextFunction) => void {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const methods = httpMethods.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase());
    // Express answers HEAD with the GET route
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { pattern: routePattern(path), methods };
  });
  return (request, response, next) => {
    const matching = routes.filter((route) => route.pattern.test(request.path));
    if (matching.length === 0) return next();
    const allowed = [...new Set(matching.flatMap((route) => route.methods))];
    if (allowed.includes(request.method)) return next();
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (request.method === 'OPTIONS') {
      response.status(204).set('Allow', allow).end();
      return;
    }
    const problem: ProblemDetails = {
      type: problemType('method-not-allowed'),
      title: 'method not allowed',
      status: 405,
      detail: `${request.path} answers ${allow}, not ${request.method}`,
    };
    response.status(405).set('Allow', allow).type('application/problem+json').send(problem);
  };
}

/** An OpenAPI path template as Express matches it: each `{param}` one segment, case-insensitive, an optional trailing slash. */
export function routePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * Builds the app's OpenAPI document (with withHttpProblems), serves it at /docs and /docs-json, and
 * answers undeclared methods with 405. Call before `listen`, so the 405s come before the router's 404.
 */
export function publishOpenApi(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  const secured = { ...config, components: { ...config.components, securitySchemes: { ...config.components?.securitySchemes, [BEARER_SECURITY]: bearerScheme } } };
  const document = withHttpProblems(SwaggerModule.createDocument(app, secured));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.use(methodNotAllowed(document));
  return document;
}
