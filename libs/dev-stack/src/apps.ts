import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevStackError } from './errors';

export interface AppDefinition {
  readonly name: string;
  /** Where the app answers, as its project.json `metadata.url` says. */
  readonly url: string | undefined;
  /** Other pages it serves, by name (`metadata.links`): the query API's explorer. */
  readonly links?: Readonly<Record<string, string>>;
  /** The port of its `url`: `npm start` hands it over as PORT and asks it for /health/ready there. */
  readonly port: number | undefined;
  /** Its serve target's command, split into words: run as it is, without a shell and without Nx. */
  readonly command: readonly string[];
  /** Its serve target's `env`. */
  readonly env: Readonly<Record<string, string>>;
  /** What its serve target `dependsOn`: other projects' targets, built once before the apps start. */
  readonly builds: readonly BuildStep[];
}

export interface BuildStep {
  readonly project: string;
  readonly target: string;
  /** The target's shell command (`nx:run-commands`), run from the workspace root. */
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
}

interface RunCommandsTarget {
  executor?: string;
  dependsOn?: unknown[];
  options?: { command?: string; env?: Record<string, string> };
}

interface ProjectJson {
  name: string;
  metadata?: { url?: string; links?: Record<string, string> };
  targets?: Record<string, RunCommandsTarget>;
}

/**
 * Every app under apps/ whose project.json has a `serve` target: that is what `npm start` runs.
 * Nx does not run them: its task runner kept a process and a pool of plugin workers per app
 * (about 1.3 GB for five) and reported a crash only as "Running target serve … failed". So the
 * serve target is read here and its command started directly, with its env, after its builds.
 */
export function discoverApps(workspaceRoot: string): AppDefinition[] {
  const projects = readProjects(workspaceRoot);
  return projects
    .filter((project) => project.targets?.['serve'] !== undefined)
    .map((project) => appOf(project, projects))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function readProjects(workspaceRoot: string): ProjectJson[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'project.json')))
    .map((entry) => JSON.parse(readFileSync(join(appsDir, entry.name, 'project.json'), 'utf8')) as ProjectJson);
}

function appOf(project: ProjectJson, projects: readonly ProjectJson[]): AppDefinition {
  const serve = project.targets?.['serve'] ?? {};
  const url = project.metadata?.url;
  return {
    name: project.name,
    url,
    ...(project.metadata?.links ? { links: project.metadata.links } : {}),
    port: url === undefined ? undefined : portOf(url),
    command: plainCommand(project.name, 'serve', serve),
    env: serve.options?.env ?? {},
    builds: (serve.dependsOn ?? []).flatMap((dependency) => buildSteps(project.name, dependency, projects)),
  };
}

/** The words of a serve command; a command that needs a shell to mean what it says is refused. */
function plainCommand(project: string, target: string, definition: RunCommandsTarget): string[] {
  const command = definition.options?.command;
  if (command === undefined) throw new DevStackError(`${project}:${target} has no options.command`, 'give it an nx:run-commands command, as the other apps have');
  if (/[|&;<>()$`"'*?\\]/.test(command)) {
    throw new DevStackError(`${project}:${target} runs \`${command}\`, which needs a shell`, 'keep serve commands plain (program and arguments): `npm start` runs them without one');
  }
  return command.trim().split(/\s+/);
}

function buildSteps(app: string, dependency: unknown, projects: readonly ProjectJson[]): BuildStep[] {
  const { projects: names, target } = (dependency ?? {}) as { projects?: unknown; target?: unknown };
  if (!Array.isArray(names) || typeof target !== 'string') {
    throw new DevStackError(`${app}:serve dependsOn ${JSON.stringify(dependency)}, a form the dev stack does not read`, 'use { "projects": ["<project>"], "target": "<target>" }');
  }
  return names.map((name) => {
    const definition = projects.find((project) => project.name === name)?.targets?.[target];
    const command = definition?.options?.command;
    if (command === undefined) throw new DevStackError(`${app}:serve depends on ${String(name)}:${target}, which has no options.command under apps/`);
    return { project: String(name), target, command, env: definition?.options?.env ?? {} };
  });
}

function portOf(url: string): number | undefined {
  const { port } = new URL(url);
  return port === '' ? undefined : Number(port);
}

/** Pure: the app as it runs `offset` ports above its own (`npm start -- --port-offset N`), links included. */
export function withPortOffset(app: AppDefinition, offset: number): AppDefinition {
  if (offset === 0) return app;
  const shift = (url: string) => {
    const parsed = new URL(url);
    if (parsed.port !== '') parsed.port = String(Number(parsed.port) + offset);
    return parsed.toString();
  };
  return {
    ...app,
    url: app.url === undefined ? undefined : shift(app.url),
    ...(app.links ? { links: Object.fromEntries(Object.entries(app.links).map(([name, url]) => [name, shift(url)])) } : {}),
    port: app.port === undefined ? undefined : app.port + offset,
  };
}

/** Pure: the lines `npm start` prints for the apps: each one's address, then each other page it serves. */
export function addressLines(apps: readonly AppDefinition[]): string[] {
  return apps.flatMap((app) => [[app.name, app.url ?? ''], ...Object.entries(app.links ?? {})]).map(([name = '', url = '']) => `  ${name.padEnd(20)} ${url}`);
}

/** Pure: every build the apps need, each once, in the order first asked for. */
export function buildsOf(apps: readonly AppDefinition[]): BuildStep[] {
  const seen = new Set<string>();
  return apps
    .flatMap((app) => app.builds)
    .filter((step) => {
      const key = `${step.project}:${step.target}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
