import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';

export const workspaceRoot = join(__dirname, '..', '..', '..');

/** An app that runs as a long-lived process in a deployment: a project under `apps/` with a `serve` target. */
export interface DeployableApp {
  readonly name: string;
  /** The project's folder, relative to the workspace root. */
  readonly root: string;
  /** Every setting the app reads at boot: `settings` exported by its `src/config.ts`. */
  readonly settings: z.ZodObject;
}

interface ProjectJson {
  readonly name: string;
  readonly targets?: Record<string, unknown>;
}

/** The apps the images, compose file and manifests must deploy, read from the workspace itself. */
export function deployableApps(root = workspaceRoot): DeployableApp[] {
  return readdirSync(join(root, 'apps'))
    .filter((folder) => existsSync(join(root, 'apps', folder, 'project.json')))
    .map((folder) => ({ folder, project: JSON.parse(readFileSync(join(root, 'apps', folder, 'project.json'), 'utf8')) as ProjectJson }))
    .filter(({ project }) => project.targets?.['serve'] !== undefined)
    .map(({ folder, project }) => ({ name: project.name, root: `apps/${folder}`, settings: appSettings(join(root, 'apps', folder)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function appSettings(appDir: string): z.ZodObject {
  // a dynamic require: the deploy tool reads each app's own schema without a build-time
  // dependency on the app (apps are not libraries)
  const config = require(join(appDir, 'src', 'config.ts')) as { settings?: z.ZodObject };
  if (config.settings === undefined) throw new Error(`${appDir}/src/config.ts must export \`settings\`, the zod object of every setting the app reads`);
  return config.settings;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Problems with an app's environment as a deployment gives it: the app's own schema decides, so
 * a required setting that is missing or a value the app would refuse at boot is named here.
 * `unchecked` settings are provided, but with a value the deployment does not show (a Secret made
 * out of band): their issues are left out, and only theirs.
 */
export function configProblems(app: DeployableApp, env: Environment, unchecked: readonly string[] = []): string[] {
  const result = app.settings.safeParse(env);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !unchecked.includes(String(issue.path[0])))
    .map((issue) => `${app.name}: ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
}
