/**
 * The dev stack on the command line: `npm start` (up) and `npm run stack -- <command>`; `help`
 * lists the commands (cli-arguments.ts). The arguments are checked before anything starts. What a
 * command answers goes to stdout; what it reports on the way (`dev-stack: …`) goes to stderr.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@rewind/contracts';
import { AppSupervisor, type AppStatus } from './app-supervisor';
import { statusLines, type StackStatus } from './stack-status';
import { addressLines, buildsOf, discoverApps, withPortOffset, type AppDefinition, type BuildStep } from './apps';
import { parseCliArguments, usage, UsageError, type CliCommand } from './cli-arguments';
import { askControl, serveControl, type ControlRequest } from './control-socket';
import { controlSocketPath, issuerDir, prepareDataDir, wipeDataDir } from './data-dir';
import { exportServerAddresses, readDevStackEnv, type DevStackEnv } from './env';
import { DevStackError } from './errors';
import { installFerretDb } from './ferretdb-local';
import { installKafka } from './kafka-local';
import { LOCAL_ROLES, LocalIssuer } from './local-issuer';
import { isAlive, runCommand } from './processes';
import { provisionTopics } from './provision';
import { findPublishedStack, readPublishedStack, startDevStack, stackOwnerRuns, type DevStack } from './stack';

const workspaceRoot = resolve(__dirname, '..', '..', '..');
const say = (line: string) => process.stderr.write(`dev-stack: ${line}\n`);
/** How long `up` waits for every app to answer /health/ready before it prints the addresses anyway. */
const READY_TIMEOUT_MS = 180_000;

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dev-stack: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  switch (command.command) {
    case 'help':
      process.stdout.write(`${usage}\n`);
      return 0;
    case 'up':
      return up(command.portOffset);
    case 'exec':
      return exec(command.argv, command.attach);
    case 'status':
      return status(command.json);
    case 'restart':
      return restart(command.apps);
    case 'down':
      return down();
    case 'reset':
      return reset();
    case 'provision':
      return provision();
    case 'install':
      return install();
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

async function up(portOffset: number): Promise<number> {
  const env = readDevStackEnv();
  // the apps' definitions are read first: a broken project.json stops `up` before any server starts
  const apps = discoverApps(workspaceRoot).map((app) => withPortOffset(app, portOffset));
  if (stackOwnerRuns(env.dataDir)) {
    const running = readPublishedStack(env.dataDir);
    say(`a dev stack is already running on ${env.dataDir} (process ${String(running?.ownerPid)}): Kafka ${String(running?.kafkaBrokers)}`);
    say('stop it with Ctrl-C in its terminal, or `npm run stack -- down`');
    return 1;
  }
  // a closed terminal ends our stdout and stderr; the stop that follows must not die of it
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  prepareDataDir(env.dataDir);

  const started = Date.now();
  const stack = await startDevStack({ persistent: true, log: say });
  const stop = stopSignal();
  const supervisors: AppSupervisor[] = [];
  let control: Awaited<ReturnType<typeof serveControl>> | undefined;
  try {
    // listening from here on, so that `status` answers while the apps are still being built and started
    control = await serveControl(controlSocketPath(env.dataDir), (request) => answerControl(request, stack, env, supervisors));
    await provisionAndReport(stack);
    exportServerAddresses(stack);
    await runBuilds(buildsOf(apps));
    if (stop.asked()) return 0;

    // the apps verify bearer tokens: the stand-in issuer's key is kept in the data directory, so the
    // tokens printed last time still work (`npm run token` mints more)
    const issuer = await LocalIssuer.open(issuerDir(env.dataDir));
    const nameWidth = Math.max(0, ...apps.map((app) => app.name.length));
    for (const app of apps) {
      const appEnv = { ...process.env, ...app.env, ...issuer.authEnv, ...(app.port === undefined ? {} : { PORT: String(app.port) }) };
      supervisors.push(
        new AppSupervisor(app, {
          workspaceRoot,
          env: appEnv,
          nameWidth,
          say,
          stdout: (text) => void process.stdout.write(text),
          stderr: (text) => void process.stderr.write(text),
        }),
      );
    }
    say(`starting ${apps.map((app) => app.name).join(', ')}`);
    supervisors.forEach((supervisor) => supervisor.start());

    const everyoneReady = Promise.all(supervisors.map((supervisor) => supervisor.whenReady(READY_TIMEOUT_MS)));
    const first = await Promise.race([everyoneReady, stop.requested.then(() => 'stop' as const), stack.ended]);
    if (first === 'stop') return 0;
    if (typeof first === 'string') {
      say(first);
      return 1;
    }
    process.stdout.write(banner(stack, env, apps, await tokenLines(issuer), supervisors, started));

    // signal handlers alone do not keep Node running; this does, until a stop or a server's end
    const keepAlive = setInterval(() => undefined, 60_000);
    const serverEnded = await Promise.race([stop.requested.then(() => undefined), stack.ended]);
    clearInterval(keepAlive);
    if (serverEnded) say(serverEnded);
    return serverEnded ? 1 : 0;
  } finally {
    say('stopping…');
    control?.close();
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    await stack.stop();
    say('stopped');
  }
}

/** One ready-to-use token per role, as shell assignments: a customer's subject is its customer id, cus_1. */
async function tokenLines(issuer: LocalIssuer): Promise<string> {
  const lines = await Promise.all(
    LOCAL_ROLES.map(async (role) => `  ${role.toUpperCase()}_TOKEN=${await issuer.mint(role === 'customer' ? { role, subject: 'cus_1' } : { role })}`),
  );
  return `${lines.join('\n')}\n  (good for 12 hours; \`npm run token -- --role customer --sub cus_2\` mints more)`;
}

function banner(stack: DevStack, env: DevStackEnv, apps: readonly AppDefinition[], tokens: string, supervisors: readonly AppSupervisor[], started: number): string {
  const notReady = supervisors.map((supervisor) => supervisor.status()).filter((app) => app.phase !== 'ready');
  const data: Record<DevStack['mode'], string> = {
    local: `${env.dataDir} (kept between starts; \`npm run stack -- reset\` empties it)`,
    containers: 'none kept: the containers go with the stack',
    external: 'in the servers KAFKA_BROKERS and MONGODB_URI name',
  };
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s after the start`;
  return `
Rewind dev stack (${stack.mode})
  KAFKA_BROKERS=${stack.kafkaBrokers}
  MONGODB_URI=${stack.mongoUri}
  data: ${data[stack.mode]}
${apps.length === 0 ? '  no apps yet' : addressLines(apps).join('\n')}
${tokens}
${stack.logFiles.length > 0 ? `  server logs: ${stack.logFiles.join(', ')}\n` : ''}
${
  notReady.length === 0
    ? `Rewind is ready: every app answers /health/ready (${took}).`
    : `Not ready ${took}: ${notReady.map((app) => `${app.name} (${app.phase}${app.lastExit ? `, last exit ${app.lastExit}` : ''})`).join(', ')}; see their lines above.`
}
Ctrl-C stops everything; \`npm run stack -- status\` shows each app, \`npm run stack -- restart <app>\` restarts one.
`;
}

async function answerControl(request: ControlRequest, stack: DevStack, env: DevStackEnv, supervisors: readonly AppSupervisor[]): Promise<unknown> {
  switch (request.command) {
    case 'status':
      return { stack: readPublishedStack(env.dataDir), apps: supervisors.map((supervisor) => supervisor.status()) } satisfies StackStatus;
    case 'restart': {
      const chosen = request.apps.map((name) => {
        const supervisor = supervisors.find((candidate) => candidate.app.name === name);
        if (!supervisor) throw new Error(`no app "${name}" runs; the apps are ${supervisors.map((candidate) => candidate.app.name).join(', ')}`);
        return supervisor;
      });
      chosen.forEach((supervisor) => say(`restarting ${supervisor.app.name} (asked for by \`restart\`)`));
      return Promise.all(chosen.map((supervisor) => supervisor.restart()));
    }
    default: {
      const unreachable: never = request;
      throw new Error(`unknown request ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The builds the apps' serve targets depend on (the explorer the query API serves), as Nx would run them. */
async function runBuilds(steps: readonly BuildStep[]): Promise<void> {
  for (const step of steps) {
    const started = Date.now();
    const { code, output } = await runCommand('sh', ['-c', step.command], {
      cwd: workspaceRoot,
      env: { ...process.env, ...step.env, PATH: `${join(workspaceRoot, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}` },
    });
    if (code !== 0) throw new DevStackError(`building ${step.project} (\`${step.command}\`) failed:\n${output.slice(-3000)}`);
    say(`built ${step.project} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * `exec` runs the command against the stack `npm start` runs, or KAFKA_BROKERS / MONGODB_URI. Without
 * either it starts a throw-away stack for it; with `--attach` it starts nothing and runs the command
 * without those variables (the projections CLI then says that there are no servers).
 */
async function exec(command: readonly string[], attach: boolean): Promise<number> {
  const [program = '', ...args] = command;
  if (attach) {
    const env = readDevStackEnv();
    const running = env.external ? undefined : await findPublishedStack(env.dataDir);
    if (running) exportServerAddresses(running);
    return runForwardingSignals(program, args);
  }
  const stack = await startDevStack({ log: say });
  const stop = stopSignal();
  if (stack.logFiles.length > 0) say(`server logs: ${stack.logFiles.join(', ')}`);
  try {
    await provisionAndReport(stack);
    exportServerAddresses(stack);
    return await runForwardingSignals(program, args, stop.requested);
  } finally {
    await stack.stop();
  }
}

/** Runs the command with this process's stdio and environment; its exit code (128 + n after signal n) is ours. */
function runForwardingSignals(program: string, args: readonly string[], stopRequested?: Promise<NodeJS.Signals>): Promise<number> {
  const child = spawn(program, args, { stdio: 'inherit', env: process.env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  if (stopRequested) void stopRequested.then(forward);
  else for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  return new Promise<number>((done) => {
    child.once('error', (error) => {
      say(`cannot run ${program}: ${error.message}`);
      done(127);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
  });
}

async function status(json: boolean): Promise<number> {
  const { dataDir } = readDevStackEnv();
  if (!stackOwnerRuns(dataDir)) {
    say(`no dev stack is running on ${dataDir}`);
    return 1;
  }
  const answer = await askControl<StackStatus>(controlSocketPath(dataDir), { command: 'status' }, 10_000);
  process.stdout.write(json ? `${JSON.stringify(answer, null, 2)}\n` : `${statusLines(answer).join('\n')}\n`);
  return 0;
}

async function restart(names: readonly string[]): Promise<number> {
  const known = discoverApps(workspaceRoot).map((app) => app.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`dev-stack: no app named ${unknown.join(', ')}; the apps are ${known.join(', ')}\n\n${usage}\n`);
    return 2;
  }
  const { dataDir } = readDevStackEnv();
  if (!stackOwnerRuns(dataDir)) {
    say(`no dev stack is running on ${dataDir}: start it with \`npm start\``);
    return 1;
  }
  const restarted = await askControl<AppStatus[]>(controlSocketPath(dataDir), { command: 'restart', apps: names });
  for (const app of restarted) {
    process.stdout.write(`${app.name} ${app.phase === 'ready' ? `restarted: ready, process ${String(app.pid)}` : `restarted, but not ready yet (${app.phase})`}\n`);
  }
  return restarted.every((app) => app.phase === 'ready') ? 0 : 1;
}

async function down(): Promise<number> {
  const { dataDir } = readDevStackEnv();
  const running = readPublishedStack(dataDir);
  if (!running || !isAlive(running.ownerPid)) {
    say('no dev stack is running');
    return 0;
  }
  process.kill(running.ownerPid, 'SIGTERM');
  for (let waited = 0; isAlive(running.ownerPid); waited += 200) {
    if (waited > 60_000) throw new DevStackError(`process ${running.ownerPid} did not stop within 60 s`);
    await sleep(200);
  }
  say('stopped');
  return 0;
}

async function reset(): Promise<number> {
  const { dataDir } = readDevStackEnv();
  if (stackOwnerRuns(dataDir)) {
    say(`the dev stack runs on ${dataDir} (process ${String(readPublishedStack(dataDir)?.ownerPid)}): stop it first (Ctrl-C, or \`npm run stack -- down\`)`);
    return 1;
  }
  const removed = wipeDataDir(dataDir);
  process.stdout.write(removed.length === 0 ? `nothing kept in ${dataDir}\n` : `emptied ${dataDir} (${removed.join(', ')}): the next \`npm start\` begins with empty servers\n`);
  return 0;
}

async function provision(): Promise<number> {
  const env = readDevStackEnv();
  const servers = env.external ?? (await findPublishedStack(env.dataDir));
  if (!servers) {
    throw new DevStackError('no servers to provision', 'start the stack with `npm start` (it provisions the topics itself), or set KAFKA_BROKERS and MONGODB_URI');
  }
  await provisionAndReport(servers);
  return 0;
}

async function install(): Promise<number> {
  const { cacheDir } = readDevStackEnv();
  const started = Date.now();
  say(`Kafka jars in ${await installKafka(cacheDir)}`);
  say(`FerretDB at ${await installFerretDb(cacheDir)}`);
  say(`cache ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

async function provisionAndReport(servers: { kafkaBrokers: string }): Promise<void> {
  const report = await provisionTopics(servers.kafkaBrokers, topics);
  say(`topics: ${report.created.length} created, ${report.reconfigured.length} reconfigured, ${report.unchanged.length} unchanged`);
}

/**
 * The first SIGINT, SIGTERM or SIGHUP (a closed terminal) asks for a clean stop; a second one means
 * "now": the process exits, and the leashes end the servers and apps within seconds.
 */
function stopSignal(): { requested: Promise<NodeJS.Signals>; asked(): boolean } {
  let asked = false;
  const requested = new Promise<NodeJS.Signals>((done) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) {
        say('stopping now');
        process.exit(130);
      }
      asked = true;
      done(signal);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  });
  return { requested, asked: () => asked };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(error instanceof DevStackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);

