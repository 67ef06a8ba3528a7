import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { DevStackError } from './errors';

/**
 * How `npm run stack -- status | restart` talk to the running `up`: one JSON line asked over a Unix
 * socket in the data directory, one JSON line answered. A file only the user can reach, no port.
 */
export type ControlRequest = { readonly command: 'status' } | { readonly command: 'restart'; readonly apps: readonly string[] };

export type ControlAnswer<T = unknown> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: string };

export function serveControl(path: string, handle: (request: ControlRequest) => Promise<unknown>): Promise<Server> {
  // a socket file left by an `up` that was SIGKILLed; `up` has checked that none runs
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0) return;
      let answer: Promise<ControlAnswer>;
      try {
        const request = JSON.parse(received.slice(0, end)) as ControlRequest;
        answer = handle(request).then(
          (result) => ({ ok: true, result }),
          (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
        );
      } catch {
        answer = Promise.resolve({ ok: false, error: 'not a JSON request line' });
      }
      void answer.then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

export function askControl<T>(path: string, request: ControlRequest, timeoutMs = 180_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let received = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer from the running stack within ${timeoutMs / 1000} s`)));
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (error) => reject(new DevStackError(`cannot reach the running stack through ${path}: ${error.message}`)));
    socket.on('end', () => {
      try {
        const answer = JSON.parse(received) as ControlAnswer<T>;
        if (answer.ok) resolve(answer.result);
        else reject(new DevStackError(answer.error));
      } catch {
        reject(new DevStackError(`the running stack answered something unreadable: ${received.slice(0, 200)}`));
      }
    });
  });
}
