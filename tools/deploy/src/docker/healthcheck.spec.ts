import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { dockerDir } from './paths';

/** Runs the image's HEALTHCHECK script against `port`; resolves with its exit code. */
function healthcheck(port: number): Promise<number | null> {
  const child = spawn(process.execPath, [join(dockerDir, 'healthcheck.js')], { env: { PORT: String(port) }, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe("the image's health check (docker/healthcheck.js)", () => {
  let liveStatus = 200;
  const requested: string[] = [];
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      response.writeHead(request.url === '/health/live' ? liveStatus : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('passes when /health/live on $PORT answers 200', async () => {
    liveStatus = 200;
    expect(await healthcheck(port)).toBe(0);
    expect(requested.at(-1)).toBe('/health/live');
  });

  it('fails when the app answers otherwise', async () => {
    liveStatus = 503;
    expect(await healthcheck(port)).toBe(1);
  });

  it('fails when nothing listens on $PORT', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unusedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await healthcheck(unusedPort)).toBe(1);
  });
});
