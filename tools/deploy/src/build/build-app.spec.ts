import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployableApps, workspaceRoot } from '../apps';
import { buildApp, packageName, requiredSpecifiers, undeclaredRuntimePackages, type BuildResult } from './build-app';

// compiling five apps takes a few seconds; starting each compiled app takes about one
jest.setTimeout(60_000);

/** Runs a compiled module the way a container does, with nothing in the environment. */
function runWithEmptyEnvironment(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, args, { cwd: dir, env: {}, encoding: 'utf8', timeout: 30_000 });
}

describe('the production build', () => {
  const apps = deployableApps();
  const builds = new Map<string, BuildResult>();
  let scratch = '';

  beforeAll(() => {
    // inside the workspace (tmp/ is git-ignored), so the compiled code finds node_modules the way it does in /app of the image
    mkdirSync(join(workspaceRoot, 'tmp'), { recursive: true });
    scratch = mkdtempSync(join(workspaceRoot, 'tmp', 'deploy-build-'));
    for (const app of apps) builds.set(app.name, buildApp(app, join(scratch, app.name)));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(apps.map((app) => app.name))('%s: main.js loads the whole compiled module graph and stops on its missing configuration', (name) => {
    const run = runWithEmptyEnvironment(join(scratch, name), 'main.js');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid configuration');
    expect(run.stderr).toMatch(/KAFKA_BROKERS: /);
  });

  it('writes only compiled JavaScript of runtime modules: no TypeScript, no spec', () => {
    for (const build of builds.values()) {
      expect(build.files).toContain('main.js');
      expect(build.files.filter((file) => !/\.(js|json)$/.test(file) || /\.spec\./.test(file))).toEqual([]);
    }
  });

  it("puts the projector's CLI where its Kubernetes Job and the compose one-shot run it, and it answers with its usage", () => {
    expect(builds.get('projector')!.files).toContain('apps/projector/src/cli.js');
    const run = runWithEmptyEnvironment(join(scratch, 'projector'), 'apps/projector/src/cli.js');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage:');
    expect(run.stderr).toContain('rebuild -- <projection>');
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
