import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deployableApps } from '../apps';
import { servedUiImageDir, servedUis } from '../served-uis';
import { buildApp, MAIN_FILE, packageName, requiredSpecifiers, undeclaredRuntimePackages, type BuildResult } from './build-app';
import { linkProductionDependencies, productionPackages } from './production-dependencies';

// compiling five apps takes a few seconds, and the explorer's Vite build a few more; starting each compiled app takes about one
jest.setTimeout(90_000);

/**
 * Runs a compiled module the way a container does: nothing in the environment (no NODE_PATH), and
 * `--preserve-symlinks` so a package reached through the production-only node_modules resolves its
 * own requires there too, not in the workspace's node_modules the link points into.
 */
function runLikeTheImage(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--preserve-symlinks', ...args], { cwd: dir, env: {}, encoding: 'utf8', timeout: 30_000 });
}

/** `dir` and every folder above it. */
function ancestors(dir: string): string[] {
  return dirname(dir) === dir ? [dir] : [dir, ...ancestors(dirname(dir))];
}

describe('the production build', () => {
  const apps = deployableApps();
  const builds = new Map<string, BuildResult>();
  // The image's layout, outside the workspace so no folder above finds the workspace's node_modules:
  // <scratch>/node_modules holds the production dependencies only (as `npm ci --omit=dev` installs
  // them in /app/node_modules), and each app is built into <scratch>/<app>/.
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'rewind-build-')));

  beforeAll(() => {
    linkProductionDependencies(join(scratch, 'node_modules'));
    for (const app of apps) builds.set(app.name, buildApp(app, join(scratch, app.name)));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs the compiled apps where only production dependencies can be found', () => {
    expect(ancestors(scratch).filter((dir) => existsSync(join(dir, 'node_modules')))).toEqual([scratch]);
    const resolve = (name: string) => runLikeTheImage(join(scratch, 'projector'), '-e', `require.resolve(${JSON.stringify(name)})`);
    expect(resolve('kafkajs').status).toBe(0);
    // devDependencies: installed in the workspace, absent from the image
    for (const devDependency of ['yaml', '@swc/core', '@nestjs/testing']) expect(resolve(devDependency).stderr).toContain(`Cannot find module '${devDependency}'`);
  });

  it.each(apps.map((app) => app.name))('%s: main.js loads the whole compiled module graph with production dependencies only and stops on its missing configuration', (name) => {
    const run = runLikeTheImage(join(scratch, name), MAIN_FILE);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid configuration');
    expect(run.stderr).toMatch(/KAFKA_BROKERS: /);
  });

  it('writes only compiled JavaScript of runtime modules: no TypeScript, no spec', () => {
    for (const build of builds.values()) {
      expect(build.files).toContain(MAIN_FILE);
      expect(build.files.filter((file) => !/\.(js|json)$/.test(file) || /\.spec\./.test(file))).toEqual([]);
    }
  });

  it("puts the projector's CLI where its Kubernetes Job and the compose one-shot run it, and it answers with its usage", () => {
    expect(builds.get('projector')!.files).toContain('apps/projector/src/cli.js');
    const run = runLikeTheImage(join(scratch, 'projector'), 'apps/projector/src/cli.js');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage:');
    expect(run.stderr).toContain('rebuild -- <projection>');
  });

  it("puts the explorer in the query API's output, which the image copies to /app, where EXPLORER_DIR names it; no other app has a UI", () => {
    const [explorer] = servedUis('query-api');
    expect(explorer).toMatchObject({ project: 'explorer', setting: 'EXPLORER_DIR' });
    expect(explorer === undefined ? undefined : servedUiImageDir(explorer)).toBe('/app/explorer');
    const uis = builds.get('query-api')?.uis ?? {};
    expect(Object.keys(uis)).toEqual(['explorer']);
    expect(uis['explorer']).toContain('explorer/index.html');
    // the page loads its script and styles from /explorer/ (the query API serves the folder there), and both are in the bundle
    const page = readFileSync(join(scratch, 'query-api', 'explorer', 'index.html'), 'utf8');
    const assets = [...page.matchAll(/(?:src|href)="\/explorer\/([^"]+)"/g)].map((match) => `explorer/${match[1] ?? ''}`);
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]));
    expect(assets.filter((asset) => !existsSync(join(scratch, 'query-api', asset)))).toEqual([]);
    for (const [name, build] of builds) if (name !== 'query-api') expect([name, build.uis]).toEqual([name, {}]);
  });

  it('refuses an app whose code requires a package the image would not install', () => {
    const root = mkdtempSync(join(scratch, 'fixture-'));
    mkdirSync(join(root, 'apps', 'tool', 'src'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { kafkajs: '2.2.4' }, devDependencies: { yaml: '2.9.1' } }));
    writeFileSync(join(root, 'apps', 'tool', 'src', 'main.ts'), "import { parse } from 'yaml';\nimport { Kafka } from 'kafkajs';\nconsole.log(parse, Kafka);\n");
    expect(() => buildApp({ name: 'tool', root: 'apps/tool' }, join(root, 'dist'), root)).toThrow(
      'tool: its code requires yaml, which package.json does not list under dependencies',
    );
  });

  it('refuses a relative require that leads to no module', () => {
    const root = mkdtempSync(join(scratch, 'fixture-'));
    mkdirSync(join(root, 'apps', 'tool', 'src'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: {} }));
    writeFileSync(join(root, 'apps', 'tool', 'src', 'main.ts'), "import { gone } from './gone';\nconsole.log(gone);\n");
    expect(() => buildApp({ name: 'tool', root: 'apps/tool' }, join(root, 'dist'), root)).toThrow('tool: apps/tool/src/main.ts requires "./gone"');
    expect(existsSync(join(root, 'dist', 'main.js'))).toBe(false);
  });
});

describe('build helpers', () => {
  it('read the modules swc output requires, literal strings only', () => {
    const code = 'const a = require("kafkajs");\nconst b = _interop(require("../../libs/x/src"));\nrequire(name);';
    expect(requiredSpecifiers(code)).toEqual(['kafkajs', '../../libs/x/src']);
  });

  it('name the package of a deep or scoped import', () => {
    expect(['@nestjs/core', '@nestjs/core/router', 'kafkajs', 'rxjs/operators'].map(packageName)).toEqual(['@nestjs/core', '@nestjs/core', 'kafkajs', 'rxjs']);
  });

  it('count a devDependency as undeclared for runtime', () => {
    expect(undeclaredRuntimePackages(['zod', 'yaml'], { dependencies: { zod: '4.6.7' } })).toEqual(['yaml']);
  });
});

describe('the production dependencies', () => {
  it('are the top-level packages of package-lock.json that npm does not mark dev', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/kafkajs': {},
        'node_modules/@nestjs/core': {},
        'node_modules/@nestjs/core/node_modules/tslib': {},
        'node_modules/yaml': { dev: true },
        'node_modules/fsevents': { devOptional: true, optional: true },
      },
    };
    expect(productionPackages(lock)).toEqual(['@nestjs/core', 'fsevents', 'kafkajs']);
  });
});
