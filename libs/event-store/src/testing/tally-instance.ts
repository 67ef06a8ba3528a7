import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka } from 'kafkajs';
import { CommandProcessor } from '../command-processor';
import { CommandRouter, type ForwardedAnswer } from '../command-router';
import { INTERNAL_COMMANDS_PATH } from '../forwarder';
import type { TallyCommand, TallyEvent, TallyState } from './tally';
import { tallySpec } from './tally';

/**
 * One instance of the tally service for the event store's tests: a command processor, its router,
 * and a bare HTTP server with the routes a service has (the internal one as service-kit serves it,
 * and `POST /send`, `POST /read`, `POST /lookup` in place of the public API, each through the
 * router: straight to the owner). Used in-process and as a process of its own (tally-processor.main.ts).
 */
export interface TallyInstance {
  readonly processor: CommandProcessor<TallyCommand, TallyEvent, TallyState>;
  readonly router: CommandRouter<TallyCommand>;
  /** Where the HTTP server listens, as the instance advertises it. */
  readonly url: string;
  /** HTTP requests its internal endpoint took so far (a batch of forwarded requests is one). */
  readonly internalRequests: () => number;
  stop(): Promise<void>;
}

export interface TallyInstanceOptions {
  readonly sessionTimeoutMs?: number;
  readonly snapshotEvery?: number;
  /** The credential the instances share; unset: each makes and publishes its own. */
  readonly internalToken?: string;
  /** How long the router waits for an answer before `pending`. */
  readonly timeoutMs?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  readonly afterCommit?: (partition: number) => Promise<void>;
}

/** The HTTP status of each kind of answer, as the service-kit's internal controller gives it. */
const STATUS: Readonly<Record<ForwardedAnswer['kind'], number>> = { reply: 200, batch: 200, unauthorized: 401, 'not-owner': 421, invalid: 400 };

export async function startTallyInstance(kafka: Kafka, service: string, options: TallyInstanceOptions = {}): Promise<TallyInstance> {
  const router = new CommandRouter<TallyCommand>({
    commands: tallySpec.commands,
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.internalToken === undefined ? {} : { internalToken: options.internalToken }),
    ...(options.log ? { log: options.log } : {}),
  });
  let internalRequests = 0;
  const server = createServer((request, response) => {
    const answer = async (): Promise<{ status: number; body: unknown }> => {
      const body = await jsonOf(request);
      switch (request.url) {
        case INTERNAL_COMMANDS_PATH: {
          internalRequests += 1;
          // as service-kit's internal controller: the reply itself, or what went wrong
          const forwarded = await router.answerForwarded(request.headers.authorization, body);
          return { status: STATUS[forwarded.kind], body: forwarded.kind === 'reply' ? forwarded.reply : forwarded.kind === 'batch' ? { answers: forwarded.answers } : forwarded };
        }
        case '/send':
          return { status: 200, body: await router.send(body as TallyCommand) };
        case '/read':
          return { status: 200, body: await router.readState((body as { aggregateId: string }).aggregateId) };
        case '/lookup': {
          const { aggregateId, commandId } = body as { aggregateId: string; commandId: string };
          return { status: 200, body: await router.lookUp(aggregateId, commandId) };
        }
        default:
          return { status: 404, body: {} };
      }
    };
    answer().then(
      ({ status, body }) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) })),
    );
  });
  const url = await listening(server);
  const processor = new CommandProcessor({
    ...tallySpec,
    kafka,
    service,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 6_000,
    snapshotEvery: options.snapshotEvery ?? 0,
    advertise: router.advertisement(url),
    ...(options.log ? { log: options.log } : {}),
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  });
  await processor.start();
  router.attach(processor);
  return {
    processor,
    router,
    url,
    internalRequests: () => internalRequests,
    async stop() {
      router.stop();
      await processor.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function jsonOf(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
