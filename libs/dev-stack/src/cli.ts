/**
 * The dev stack on the command line.
 *
 *   up                  start Kafka + a MongoDB-wire server, provision topics, start every app; Ctrl-C stops all
 *   exec -- <command>   run a command with KAFKA_BROKERS / MONGODB_URI set to a stack (started for it if need be)
 *   status              print the stack that `up` runs, if any
 *   down                stop the stack that `up` runs
 *   provision           create or fix the declared topics on KAFKA_BROKERS or the running stack
 *   install             fill the cache (Kafka jars, FerretDB binary) without starting anything
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@rewind/contracts';
import { addressLines, discoverApps, startApp, stopApps } from './apps';
import { exportServerAddresses, readDevStackEnv } from './env';
import { DevStackError } from './errors';
import { installFerretDb } from './ferretdb-local';
import { installKafka } from './kafka-local';
import { isAlive } from './processes';
import { provisionTopics } from './provision';
import { findPublishedStack, startDevStack, type DevStack } from './stack';

const workspaceRoot = resolve(__dirname, '..', '..', '..');
const say = (line: string) => process.stderr.write(`dev-stack: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return up();
    case 'exec':
      return exec(rest[0] === '--' ? rest.slice(1) : rest);
    case 'status':
      return status();
    case 'down':
      return down();
    case 'provision':
      return provision();
    case 'install':
      return install();
    default:
      say(`unknown command "${command ?? ''}"; use one of: up, exec -- <command>, status, down, provision, install`);
      return 2;
  }
}

async function up(): Promise<number> {
  const env = readDevStackEnv();
  const running = await findPublishedStack(env.cacheDir);
  if (running) {
    say(`a dev stack is already running (process ${running.ownerPid}): Kafka ${running.kafkaBrokers}, MongoDB ${running.mongoUri}`);
    say('stop it with Ctrl-C in its terminal, or `npm run stack -- down`');
    return 1;
  }
  const stack = await startDevStack({ publish: true, log: say });
  const stopRequested = stopSignal();
  await provisionAndReport(stack);
  exportServerAddresses(stack);

  // the query API's admin endpoints need a bearer token: a fresh one each run unless one is given
  const adminToken = env.adminToken ?? randomBytes(32).toString('hex');
  const apps = discoverApps(workspaceRoot).map((app) => startApp(workspaceRoot, app, { ...process.env, ADMIN_TOKEN: adminToken }));
  console.log(`
Rewind dev stack (${stack.mode})
  KAFKA_BROKERS=${stack.kafkaBrokers}
  MONGODB_URI=${stack.mongoUri}
  ADMIN_TOKEN=${env.adminToken === undefined ? adminToken : '(yours, from the environment)'}
${apps.length === 0 ? '  no apps yet' : addressLines(apps.map(({ app }) => app)).join('\n')}
${stack.logFiles.length > 0 ? `  server logs: ${stack.logFiles.join(', ')}\n` : ''}
Ctrl-C stops everything.`);
  // signal handlers alone do not keep Node running; this does, until a stop or a server's end
  const keepAlive = setInterval(() => undefined, 60_000);
  const serverEnded = await Promise.race([stopRequested.then(() => undefined), stack.ended]);
  clearInterval(keepAlive);
  if (serverEnded) say(serverEnded);
  say('stopping…');
  await stopApps(apps);
  await stack.stop();
  say('stopped');
  return serverEnded ? 1 : 0;
}

async function exec(command: string[]): Promise<number> {
  const [program, ...args] = command;
  if (!program) {
    say('exec needs a command: exec -- <command> [args…]');
    return 2;
  }
  const stack = await startDevStack({ log: say });
  const stopRequested = stopSignal();
  if (stack.logFiles.length > 0) say(`server logs: ${stack.logFiles.join(', ')}`);
  try {
    await provisionAndReport(stack);
    exportServerAddresses(stack);
    const child = spawn(program, args, { stdio: 'inherit', env: process.env });
    const exitCode = new Promise<number>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 128 : 1))));
    void stopRequested.then((signal) => child.kill(signal));
    return await exitCode;
  } finally {
    await stack.stop();
  }
}

async function status(): Promise<number> {
  const running = await findPublishedStack(readDevStackEnv().cacheDir);
  if (!running) {
    say('no dev stack is running');
    return 1;
  }
  console.log(JSON.stringify(running, null, 2));
  return 0;
}

async function down(): Promise<number> {
  const running = await findPublishedStack(readDevStackEnv().cacheDir);
  if (!running) {
    say('no dev stack is running');
    return 0;
  }
  process.kill(running.ownerPid, 'SIGTERM');
  for (let waited = 0; isAlive(running.ownerPid); waited += 200) {
    if (waited > 30_000) throw new DevStackError(`process ${running.ownerPid} did not stop within 30 s`);
    await sleep(200);
  }
  say('stopped');
  return 0;
}

async function provision(): Promise<number> {
  const stack = await startDevStack({ log: say });
  try {
    await provisionAndReport(stack);
    return 0;
  } finally {
    await stack.stop();
  }
}

async function install(): Promise<number> {
  const { cacheDir } = readDevStackEnv();
  const started = Date.now();
  say(`Kafka jars in ${await installKafka(cacheDir)}`);
  say(`FerretDB at ${await installFerretDb(cacheDir)}`);
  say(`cache ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

async function provisionAndReport(stack: DevStack): Promise<void> {
  const report = await provisionTopics(stack.kafkaBrokers, topics);
  say(`topics: ${report.created.length} created, ${report.reconfigured.length} reconfigured, ${report.unchanged.length} unchanged`);
}

/** The first SIGINT/SIGTERM asks for a clean stop; a second one means "now". */
function stopSignal(): Promise<NodeJS.Signals> {
  let asked = false;
  return new Promise<NodeJS.Signals>((done) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) {
        say('stopping now');
        process.exit(130);
      }
      asked = true;
      done(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(error instanceof DevStackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
