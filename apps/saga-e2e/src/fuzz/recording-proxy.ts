import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the app saw it, and its answer. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly status: number;
  /** The answer's body, as text. */
  readonly body: string;
}

/** The Authorization value a request should carry instead of the one it came with, or undefined to keep it. */
export type AuthorizationRewrite = (method: string, path: string, body: Buffer, authorization: string | undefined) => Promise<string | undefined>;

/**
 * A pass-through proxy in front of one app that records every exchange: what the fuzzer sent and
 * what the app answered, counted on the app's side rather than from the fuzzer's own report.
 * `rewriteAuthorization` may swap the request's credentials on the way (the fuzzer knows one token
 * for all operations; the proxy knows which role each operation is for).
 */
export class RecordingProxy {
  readonly exchanges: Exchange[] = [];
  private server: Server | undefined;

  constructor(
    private readonly targetPort: number,
    private readonly rewriteAuthorization?: AuthorizationRewrite,
  ) {}

  async start(): Promise<string> {
    const server = createServer((incoming, outgoing) => {
      void readBody(incoming).then(async (requestBody) => {
        const authorization = await this.rewriteAuthorization?.(incoming.method ?? '', incoming.url ?? '', requestBody, single(incoming.headers.authorization));
        const headers = rawHeaders(incoming).filter((_, index, all) => authorization === undefined || !/^authorization$/i.test(all[index - (index % 2)] ?? ''));
        if (authorization !== undefined) headers.push('Authorization', authorization);
        const forwarded = httpRequest(
          // the body is passed on whole, with its length: Node frames no body of a DELETE or GET by itself
          { host: '127.0.0.1', port: this.targetPort, method: incoming.method, path: incoming.url, headers: [...headers, ...(requestBody.length > 0 || incoming.headers['content-length'] !== undefined ? ['Content-Length', String(requestBody.length)] : [])] },
          (answer) => {
            void readBody(answer).then((answerBody) => {
              this.exchanges.push({
                method: incoming.method ?? '',
                path: incoming.url ?? '',
                idempotencyKey: single(incoming.headers['idempotency-key']),
                status: answer.statusCode ?? 0,
                body: answerBody.toString('utf8'),
              });
              outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
              outgoing.end(answerBody);
            });
          },
        );
        forwarded.on('error', (error) => {
          // the app closing the connection without an answer is a failure of the app: recorded as one
          this.exchanges.push({ method: incoming.method ?? '', path: incoming.url ?? '', idempotencyKey: undefined, status: 599, body: String(error) });
          outgoing.writeHead(502).end();
        });
        forwarded.end(requestBody);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const readBody = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** The request's headers as sent (repeated ones too), except those about this hop's connection. */
function rawHeaders(incoming: IncomingMessage): string[] {
  const flat: string[] = [];
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    const name = incoming.rawHeaders[index] ?? '';
    if (!/^(connection|keep-alive|transfer-encoding|content-length)$/i.test(name)) flat.push(name, incoming.rawHeaders[index + 1] ?? '');
  }
  return flat;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
