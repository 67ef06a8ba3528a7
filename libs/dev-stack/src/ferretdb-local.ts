import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { DevStackError } from './errors';
import { ensureInstalled } from './install-cache';
import { freePort, keptPorts, requireTool, runCommand, startServer, waitUntilReady, type ServerProcess } from './processes';
import { FERRETDB_MODULE, FERRETDB_VERSION } from './versions';

const GO_HINT = 'install Go 1.22 or newer, e.g. `apt-get install golang-go` (FerretDB is built from source through the Go module proxy)';

export interface LocalFerretDb {
  readonly mongoUri: string;
  readonly server: ServerProcess;
}

/**
 * Builds FerretDB from its module source into the cache.
 *
 * A plain `go install …/cmd/ferretdb@v1.24.2` builds a binary that panics at start: FerretDB
 * embeds `build/version/version.txt`, which its release process generates and the module zip
 * lacks. So the source is fetched through the module proxy (`go mod download`), copied out of
 * the read-only module cache, given that file, and built with `go build`.
 *
 * One line is patched on the way (`FERRETDB_PATCHES`): the SQLite backend looks documents up by
 * `_id` with an expression that differs from the one its unique `_id` index is built on, so SQLite
 * never uses the index and every lookup, replace and delete by `_id` reads the whole table. The
 * patched build says the same thing the index says; answers are unchanged, only no longer O(n).
 */
export async function installFerretDb(cacheDir: string): Promise<string> {
  const home = join(cacheDir, `ferretdb-${FERRETDB_VERSION}-${FERRETDB_BUILD}`);
  const binary = ferretDbBinary(cacheDir);
  await ensureInstalled(home, `FerretDB ${FERRETDB_VERSION}`, async (dir) => {
    await requireTool('go', ['version'], GO_HINT);
    const download = await runCommand('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`]);
    if (download.code !== 0) {
      throw new DevStackError(
        `downloading ${FERRETDB_MODULE}@${FERRETDB_VERSION} through the Go module proxy failed:\n${download.output.slice(-3000)}`,
        'check that the Go module proxy is reachable (GOPROXY), then start again',
      );
    }
    const moduleDir = (JSON.parse(download.output) as { Dir: string }).Dir;
    const source = join(dir, 'src');
    rmSync(source, { recursive: true, force: true });
    cpSync(moduleDir, source, { recursive: true });
    // the module cache is read-only; the copy must take one more file and be removable
    await runCommand('chmod', ['-R', 'u+w', source]);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`, { mode: 0o644 });
    for (const patch of FERRETDB_PATCHES) applyPatch(source, patch);
    const build = await runCommand('go', ['build', '-buildvcs=false', '-trimpath', '-o', binary, './cmd/ferretdb'], { cwd: source });
    rmSync(source, { recursive: true, force: true });
    if (build.code !== 0) throw new DevStackError(`building FerretDB failed:\n${build.output.slice(-3000)}`, GO_HINT);
  });
  return binary;
}

/** Where the cache holds the FerretDB binary, built or not (installFerretDb builds it). */
export const ferretDbBinary = (cacheDir: string) => join(cacheDir, `ferretdb-${FERRETDB_VERSION}-${FERRETDB_BUILD}`, 'ferretdb');

/** Which patched build the cache holds: a new patch needs a new name, so old caches rebuild. */
const FERRETDB_BUILD = 'rewind1';

interface SourcePatch {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    // the `_id` index is created on `_ferretdb_sjson->"_id"` (registry.go, indexes by %q-quoted path)
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + \`->"_id"\``,
  },
];

function applyPatch(source: string, patch: SourcePatch): void {
  const path = join(source, patch.file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(patch.from)) {
    throw new DevStackError(`FerretDB's ${patch.file} no longer contains ${patch.from}`, 'the FerretDB version changed: check whether the patch in ferretdb-local.ts is still needed');
  }
  writeFileSync(path, text.replace(patch.from, patch.to));
}

/**
 * FerretDB with its SQLite backend in `workDir`, telemetry off, on a loopback port: the one it had
 * last time when that is free. With `keepData` (`npm start`) the directory outlives the process.
 */
export async function startLocalFerretDb(options: { cacheDir: string; workDir: string; keepData?: boolean }): Promise<LocalFerretDb> {
  const binary = await installFerretDb(options.cacheDir);
  const dataDir = join(options.workDir, 'ferretdb');
  mkdirSync(dataDir, { recursive: true });
  const { port } = await keptPorts(join(dataDir, 'ports.json'), ['port']);

  const server = startServer({
    name: `FerretDB ${FERRETDB_VERSION}`,
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    cwd: dataDir,
    logFile: join(dataDir, 'ferretdb.log'),
    cleanupDir: options.keepData ? undefined : options.workDir,
  });
  const mongoUri = `mongodb://127.0.0.1:${port}/`;
  await waitUntilReady(server, () => answersPing(mongoUri), 30_000);
  return { mongoUri, server };
}

export async function answersPing(mongoUri: string): Promise<void> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** A FerretDB that takes clients only over TLS and signed in: see startSecuredFerretDb. */
export interface SecuredFerretDb {
  /** Its TLS listener (`tls=true`), without credentials: a client signs in as the user it was made with. */
  readonly mongoUri: string;
  /** The PEM file of the CA its certificate (for `localhost`) is issued by. */
  readonly caFile: string;
  readonly server: ServerProcess;
}

/**
 * FerretDB as the prod overlay runs MongoDB: TLS only (a listener on `localhost`, its certificate
 * issued by a CA made for it with openssl) and sign-in required (FerretDB's new authentication,
 * SCRAM-SHA-256), with one user, made at start, whose database is `user.database`. For the tests
 * of the apps' MongoDB settings; nothing is kept, everything lives in `workDir`.
 */
export async function startSecuredFerretDb(options: {
  cacheDir: string;
  workDir: string;
  user: { readonly database: string; readonly username: string; readonly password: string };
}): Promise<SecuredFerretDb> {
  const binary = await installFerretDb(options.cacheDir);
  await requireTool('openssl', ['version'], 'install openssl, e.g. `apt-get install openssl`');
  const dir = join(options.workDir, 'ferretdb-secured');
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.crt');
  const openssl = async (...args: string[]) => {
    const run = await runCommand('openssl', args, { cwd: dir });
    if (run.code !== 0) throw new DevStackError(`openssl ${args[0]} failed:\n${run.output}`);
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl('req', '-x509', ...key, '-keyout', 'ca.key', '-out', caFile, '-days', '2', '-subj', '/CN=rewind-test-ca');
  await openssl('req', ...key, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', caFile, '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');

  const port = await freePort();
  const server = startServer({
    name: `FerretDB ${FERRETDB_VERSION} (TLS, sign-in)`,
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      // no plaintext listener at all
      '--listen-addr=',
      `--listen-tls=127.0.0.1:${port}`,
      `--listen-tls-cert-file=${join(dir, 'server.crt')}`,
      `--listen-tls-key-file=${join(dir, 'server.key')}`,
      '--test-enable-new-auth',
      `--setup-database=${options.user.database}`,
      `--setup-username=${options.user.username}`,
      `--setup-password=${options.user.password}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    cwd: dir,
    logFile: join(dir, 'ferretdb.log'),
    cleanupDir: options.workDir,
  });
  const mongoUri = `mongodb://localhost:${port}/?tls=true`;
  await waitUntilReady(
    server,
    async () => {
      const client = new MongoClient(mongoUri, { tlsCAFile: caFile, serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
      try {
        await client.db('admin').command({ ping: 1 });
      } finally {
        await client.close();
      }
    },
    30_000,
  );
  return { mongoUri, caFile, server };
}
