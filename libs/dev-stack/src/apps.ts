import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AppDefinition {
  readonly name: string;
  /** Where the app answers, as its project.json `metadata.url` says. */
  readonly url: string | undefined;
  /** Other pages it serves, by name (`metadata.links`): the query API's explorer. */
  readonly links?: Readonly<Record<string, string>>;
}

/** Every app under apps/ whose project.json has a `serve` target: that is what `npm start` runs. */
export function discoverApps(workspaceRoot: string): AppDefinition[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'project.json')))
    .map((entry) => JSON.parse(readFileSync(join(appsDir, entry.name, 'project.json'), 'utf8')) as ProjectJson)
    .filter((project) => project.targets?.['serve'] !== undefined)
    .map((project) => ({ name: project.name, url: project.metadata?.url, ...(project.metadata?.links ? { links: project.metadata.links } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

interface ProjectJson {
  name: string;
  metadata?: { url?: string; links?: Record<string, string> };
  targets?: Record<string, unknown>;
}

/** Pure: the lines `npm start` prints for the apps: each one's address, then each other page it serves. */
export function addressLines(apps: readonly AppDefinition[]): string[] {
  return apps.flatMap((app) => [[app.name, app.url ?? ''], ...Object.entries(app.links ?? {})]).map(([name = '', url = '']) => `  ${name.padEnd(20)} ${url}`);
}

export interface RunningApp {
  readonly app: AppDefinition;
  readonly process: ChildProcess;
}

/** Starts an app through Nx in its own process group, with the stack's addresses in its environment. */
export function startApp(workspaceRoot: string, app: AppDefinition, env: NodeJS.ProcessEnv): RunningApp {
  const child = spawn(join(workspaceRoot, 'node_modules', '.bin', 'nx'), ['run', `${app.name}:serve`, '--outputStyle=stream'], {
    cwd: workspaceRoot,
    env,
    stdio: 'inherit',
    detached: true,
  });
  return { app, process: child };
}

export async function stopApps(apps: readonly RunningApp[]): Promise<void> {
  await Promise.all(
    apps.map(
      ({ process: child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.pid === undefined) return resolve();
          child.once('exit', () => resolve());
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            resolve();
          }
        }),
    ),
  );
}
