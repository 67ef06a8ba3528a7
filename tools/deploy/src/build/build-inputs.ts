import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { workspaceRoot } from '../apps';
import { servedUis } from '../served-uis';
import { BUILD_CLI, entryModules, moduleGraph, type AppToBuild } from './build-app';

/**
 * Files at the workspace root the build stage reads whatever the app: the dependency manifests
 * (`npm ci`), tsconfig.json (what `node -r @swc-node/register` compiles the build tool with, and
 * where it finds the `@rewind/*` paths) and tsconfig.base.json (which it extends, and which
 * `buildApp` reads for swc).
 */
export const WORKSPACE_BUILD_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json'] as const;

/**
 * Every workspace file the image's build stage reads to build `app`, relative to the workspace
 * root: the app's own module graph; the build tool's (`tools/deploy/src/build/cli.ts` and what it
 * requires); and, because the build tool lists the deployable apps by loading each one's settings
 * (`deployableApps`), every app's `project.json` and the module graph of its `src/config.ts`.
 * For an app that serves a web UI (the query API's explorer), the files Vite builds it from: the
 * UI's project folder but its tests.
 * A build context that lacks one of them gives an image build that fails, or an app that does.
 */
export function buildInputs(app: AppToBuild, deployable: readonly AppToBuild[], root = workspaceRoot): string[] {
  const settingsModules = deployable.flatMap((each) => [
    posix.join(each.root, 'project.json'),
    ...moduleGraph(`${each.name}'s settings`, [posix.join(each.root, 'src', 'config.ts')], root).sources,
  ]);
  const files = [
    ...moduleGraph(app.name, entryModules(app, root), root).sources,
    ...moduleGraph('the build tool', [BUILD_CLI], root).sources,
    ...settingsModules,
    ...servedUis(app.name).flatMap((ui) => uiSources(ui.root, root)),
    ...WORKSPACE_BUILD_FILES.filter((file) => file !== 'tsconfig.json' || existsSync(join(root, file))),
  ];
  return [...new Set(files)].sort();
}

/** The files of a UI's project folder that its Vite build can read, relative to the workspace root: all but specs and the Jest config (Nx's `production` input). */
function uiSources(uiRoot: string, root: string): string[] {
  return readdirSync(join(root, uiRoot), { recursive: true, encoding: 'utf8' })
    .map((file) => posix.join(uiRoot, file.split(sep).join(posix.sep)))
    .filter((file) => statSync(join(root, file)).isFile() && !/\.spec\.tsx?$/.test(file) && !/(^|\/)jest\.[^/]*\.js$/.test(file));
}
