import { transformFileSync, type Options } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, sep } from 'node:path';
import { workspaceRoot } from '../apps';
import { servedUis, type ServedUi } from '../served-uis';

/** What a build needs to know about an app: its project name and folder (see `deployableApps`). */
export interface AppToBuild {
  readonly name: string;
  /** The project's folder, relative to the workspace root, such as `apps/order-service`. */
  readonly root: string;
}

export interface BuildResult {
  readonly outDir: string;
  /** Every file written, relative to `outDir`, the entry `main.js` included. */
  readonly files: readonly string[];
  /** The npm packages the compiled code requires: the runtime image installs exactly these (through `dependencies`). */
  readonly packages: readonly string[];
  /** For each web UI the app serves (`SERVED_UIS`), the files of its bundle, relative to `outDir` (`explorer/index.html`…). */
  readonly uis: Readonly<Record<string, readonly string[]>>;
}

/** Where `nx run <app>:build` writes: `dist/<app>/` under `root`. The Dockerfile's build stage runs the build in its WORKDIR, so its output is `distDir('$APP', <WORKDIR>)` there. */
export const distDir = (appName: string, root = workspaceRoot) => join(root, 'dist', appName);

/** The entry every build writes at the top of its output: a container runs `node main.js`. */
export const MAIN_FILE = 'main.js';

/** The build's command line, relative to the workspace root: what the Dockerfile's build stage runs. */
export const BUILD_CLI = posix.join('tools', 'deploy', 'src', 'build', 'cli.ts');

/**
 * The modules a deployment starts: `main.ts`, and `cli.ts` where the app has one (the projector's
 * rebuild and verify, which a Kubernetes Job or a compose one-shot runs from the same image).
 */
export function entryModules(app: AppToBuild, root = workspaceRoot): string[] {
  return ['main.ts', 'cli.ts'].map((file) => posix.join(app.root, 'src', file)).filter((file) => existsSync(join(root, file)));
}

/** The workspace modules reachable from some entries, and the npm packages they require. */
export interface ModuleGraph {
  /** Workspace-relative paths of every TypeScript or JSON module in the graph, entries included. */
  readonly sources: readonly string[];
  readonly packages: readonly string[];
}

/**
 * Follows every `require` the compiled code of `entries` makes, within the workspace, the way the
 * build does (`@rewind/*` paths resolved through tsconfig.base.json). `emit` receives each module
 * as it is compiled (`undefined` for a JSON file, which is copied as it is). `label` names the
 * graph in errors.
 */
export function moduleGraph(label: string, entries: readonly string[], root = workspaceRoot, emit?: (source: string, code: string | undefined) => void): ModuleGraph {
  const options = swcOptions(root);
  const packages = new Set<string>();
  const seen = new Set<string>(entries);
  const pending = [...entries];
  for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
    if (isTestFile(source)) throw new Error(`${label}: runtime code requires the test file ${source}`);
    if (source.endsWith('.json')) {
      emit?.(source, undefined);
      continue;
    }
    const { code } = transformFileSync(join(root, source), options);
    emit?.(source, code);
    for (const specifier of requiredSpecifiers(code)) {
      if (isRelative(specifier)) {
        const target = resolveSource(posix.join(posix.dirname(source), specifier), root);
        if (target === undefined) throw new Error(`${label}: ${source} requires "${specifier}", which is no module of the workspace`);
        if (!seen.has(target)) pending.push(target);
        seen.add(target);
      } else if (!isBuiltin(specifier)) {
        packages.add(packageName(specifier));
      }
    }
  }
  return { sources: [...seen].sort(), packages: [...packages].sort() };
}

/**
 * Compiles an app to plain CommonJS in `outDir`, starting from its entry modules and following
 * every `require` the compiled code makes: exactly the app's module graph is written (no spec, no
 * unused library), at the same paths as in the workspace, so `outDir/apps/<app>/src/main.js`
 * requires `outDir/libs/…` relatively. `outDir/main.js` starts the app. A web UI the app serves
 * (the query API's explorer) is built by Vite into `outDir/<project>`: the image copies `outDir`
 * to /app, so it holds the UI where the deployment's setting names it (`servedUiImageDir`).
 */
export function buildApp(app: AppToBuild, outDir: string, root = workspaceRoot): BuildResult {
  rmSync(outDir, { recursive: true, force: true });
  const entries = entryModules(app, root);
  if (!entries.includes(posix.join(app.root, 'src', 'main.ts'))) throw new Error(`${app.name}: no ${app.root}/src/main.ts to build from`);

  const written: string[] = [];
  const { packages } = moduleGraph(app.name, entries, root, (source, code) => {
    const output = outputPath(source);
    mkdirSync(dirname(join(outDir, output)), { recursive: true });
    if (code === undefined) copyFileSync(join(root, source), join(outDir, output));
    else writeFileSync(join(outDir, output), code);
    written.push(output);
  });

  const undeclared = undeclaredRuntimePackages(packages, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson);
  if (undeclared.length > 0) {
    throw new Error(`${app.name}: its code requires ${undeclared.join(', ')}, which package.json does not list under dependencies (the image installs those only)`);
  }
  writeFileSync(join(outDir, MAIN_FILE), mainModule(app));
  written.push(MAIN_FILE);
  const uis = Object.fromEntries(servedUis(app.name).map((ui) => [ui.project, buildServedUi(ui, outDir, root)] as const));
  return { outDir, files: written.sort(), packages, uis };
}

/**
 * Builds a web UI with its own Vite config (`<ui.root>/vite.config.mjs`), into `outDir/<project>`
 * instead of the config's own folder, and returns the files written, relative to `outDir`. Vite
 * is a devDependency: it runs in the image's build stage and never reaches the runtime image,
 * which receives the static files only.
 */
export function buildServedUi(ui: ServedUi, outDir: string, root = workspaceRoot): string[] {
  const target = join(outDir, ui.project);
  const vite = join(workspaceRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = posix.join(ui.root, 'vite.config.mjs');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', config, '--outDir', target, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`${ui.app}: the Vite build of ${ui.project} (${config}) failed: ${(run.error?.message ?? run.stderr).trim()}`);
  }
  // warnings (a chunk grown too large…) stay visible in `nx run <app>:build` and the image build
  if (run.stderr.trim() !== '') process.stderr.write(run.stderr);
  if (!isFile(join(target, 'index.html'))) throw new Error(`${ui.app}: the Vite build of ${ui.project} wrote no index.html in ${target}`);
  return filesUnder(target).map((file) => posix.join(ui.project, file));
}

/** Every file below `dir`, relative to it, `/`-separated. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => isFile(join(dir, file)))
    .map((file) => file.split(sep).join(posix.sep))
    .sort();
}

/**
 * The settings the jest transform uses (`jest.shared.js`), for a build: NestJS needs legacy
 * decorators and their design-time type metadata, and `@rewind/*` paths become relative requires.
 */
function swcOptions(root: string): Options {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return {
    swcrc: false,
    configFile: false,
    jsc: {
      baseUrl: root,
      paths: compilerOptions.paths,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: false,
  };
}

/** The entry a container runs with `node main.js` (`MAIN_FILE`): the app's own main module, at its workspace path. */
export function mainModule(app: AppToBuild): string {
  return `// built by tools/deploy/src/build: starts ${app.name}\nrequire('./${posix.join(app.root, 'src', 'main.js')}');\n`;
}

/** Pure: the module names a CommonJS file requires with a literal string (swc writes every import that way). */
export function requiredSpecifiers(code: string): string[] {
  return [...code.matchAll(/\brequire\((["'])(?<specifier>[^"']+)\1\)/g)].flatMap((match) => match.groups?.['specifier'] ?? []);
}

/** Pure: the npm package a bare specifier names: `@nestjs/core/x` → `@nestjs/core`, `kafkajs` → `kafkajs`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** Pure: where a workspace source file lands in the build, relative to its output folder. */
export function outputPath(source: string): string {
  return source.replace(/\.ts$/, '.js');
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));
}

function isTestFile(source: string): boolean {
  return /\.spec\.ts$/.test(source);
}

/** A relative require, resolved the way TypeScript resolved it: a `.ts` file, a folder's `index.ts`, or a JSON file. */
function resolveSource(base: string, root: string): string | undefined {
  if (base.startsWith('..')) return undefined; // outside the workspace
  const candidates = [`${base}.ts`, posix.join(base, 'index.ts'), base.endsWith('.json') ? base : `${base}.json`];
  return candidates.find((candidate) => isFile(join(root, candidate)));
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

interface PackageJson {
  readonly dependencies?: Readonly<Record<string, string>>;
}

/**
 * Pure: packages the compiled code requires that `package.json` does not list under
 * `dependencies`. The runtime image installs with `npm ci --omit=dev`, so such a package would be
 * missing there although every test passes in the workspace, where devDependencies are installed.
 */
export function undeclaredRuntimePackages(packages: readonly string[], packageJson: PackageJson): string[] {
  return packages.filter((name) => packageJson.dependencies?.[name] === undefined);
}
