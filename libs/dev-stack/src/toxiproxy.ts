import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DevStackError } from './errors';
import { ensureInstalled } from './install-cache';
import { freePort, requireTool, runCommand, startServer, waitUntilReady, type ServerProcess } from './processes';
import { TOXIPROXY_MODULE, TOXIPROXY_VERSION } from './versions';

const GO_HINT = 'install Go 1.22 or newer, e.g. `apt-get install golang-go` (Toxiproxy is built with `go install` through the Go module proxy)';

/** Toxiproxy's server, built once with `go install` into the cache. */
export async function installToxiproxy(cacheDir: string): Promise<string> {
  const home = join(cacheDir, `toxiproxy-${TOXIPROXY_VERSION}`);
  await ensureInstalled(home, `Toxiproxy ${TOXIPROXY_VERSION}`, async (dir) => {
    await requireTool('go', ['version'], GO_HINT);
    const built = await runCommand('go', ['install', `${TOXIPROXY_MODULE}/cmd/server@${TOXIPROXY_VERSION}`], { env: { ...process.env, GOBIN: dir } });
    if (built.code !== 0) {
      throw new DevStackError(`building ${TOXIPROXY_MODULE}@${TOXIPROXY_VERSION} failed:\n${built.output.slice(-3000)}`, 'check that the Go module proxy is reachable (GOPROXY), then try again');
    }
  });
  return join(home, 'server');
}

/** A toxic as Toxiproxy's API takes it: `latency`, `timeout`, `reset_peer`, `bandwidth`, … */
export interface Toxic {
  readonly type: string;
  /** `downstream`: server to client; `upstream`: client to server. */
  readonly stream: 'upstream' | 'downstream';
  readonly attributes: Readonly<Record<string, number>>;
}

/** One proxy: a loopback port that forwards to `upstream`, with faults to switch on and off. */
export interface Proxy {
  readonly name: string;
  /** `127.0.0.1:port`: what clients are given instead of the upstream. */
  readonly listen: string;
  readonly upstream: string;
  /** Adds a toxic to every connection, present and future; returns its name. */
  addToxic(toxic: Toxic): Promise<string>;
  removeToxic(name: string): Promise<void>;
  /** Disabled: the port refuses connections and every open one is closed. */
  setEnabled(enabled: boolean): Promise<void>;
}

export interface Toxiproxy {
  readonly apiUrl: string;
  readonly server: ServerProcess;
  /** A proxy on `listen` (a free loopback port when not given) to `upstream`. */
  proxy(name: string, upstream: string, listen?: string): Promise<Proxy>;
  stop(): Promise<void>;
}

/** Toxiproxy's server on a free loopback port, its log in `workDir`. */
export async function startToxiproxy(options: { cacheDir: string; workDir: string }): Promise<Toxiproxy> {
  const binary = await installToxiproxy(options.cacheDir);
  const dir = join(options.workDir, 'toxiproxy');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const server = startServer({
    name: `Toxiproxy ${TOXIPROXY_VERSION}`,
    command: binary,
    args: ['-host', '127.0.0.1', '-port', String(port)],
    cwd: dir,
    logFile: join(dir, 'toxiproxy.log'),
    // it logs every API request at debug level
    env: { ...process.env, LOG_LEVEL: 'info' },
    cleanupDir: options.workDir,
  });
  await waitUntilReady(server, async () => void (await api(apiUrl, 'GET', '/version')), 30_000);

  let toxics = 0;
  return {
    apiUrl,
    server,
    async proxy(name, upstream, listen) {
      const address = listen ?? `127.0.0.1:${await freePort()}`;
      await api(apiUrl, 'POST', '/proxies', { name, listen: address, upstream, enabled: true });
      return {
        name,
        listen: address,
        upstream,
        async addToxic(toxic) {
          toxics += 1;
          const toxicName = `${toxic.type}_${toxic.stream}_${toxics}`;
          await api(apiUrl, 'POST', `/proxies/${name}/toxics`, { name: toxicName, type: toxic.type, stream: toxic.stream, toxicity: 1, attributes: toxic.attributes });
          return toxicName;
        },
        async removeToxic(toxicName) {
          await api(apiUrl, 'DELETE', `/proxies/${name}/toxics/${toxicName}`);
        },
        async setEnabled(enabled) {
          await api(apiUrl, 'POST', `/proxies/${name}`, { enabled });
        },
      };
    },
    stop: () => server.stop(),
  };
}

async function api(apiUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new DevStackError(`Toxiproxy answered ${method} ${path} with ${response.status}: ${text}`);
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // GET /version answers plain text
    return text;
  }
}
