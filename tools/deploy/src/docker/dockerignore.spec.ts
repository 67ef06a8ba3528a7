import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { deployableApps } from '../apps';
import { buildInputs } from '../build/build-inputs';
import { contextCopySources, dockerignoreProblems, excludingPattern, parseDockerignore } from './dockerignore';
import { dockerfilePath, dockerignorePathFor } from './paths';

// following every app's module graph with swc takes a few seconds
jest.setTimeout(60_000);

const dockerignorePath = dockerignorePathFor();
const dockerignore = readFileSync(dockerignorePath, 'utf8');
const dockerfile = readFileSync(dockerfilePath, 'utf8');

describe("the build context (.dockerignore) against the build's inputs", () => {
  const apps = deployableApps();
  /** For each app, what its image build reads from the context, and what the Dockerfile copies from it by name. */
  const needed = [...new Set([...apps.flatMap((app) => buildInputs(app, apps)), ...contextCopySources(dockerfile)])].sort();
  const problemsOf = (text: string) => dockerignoreProblems(text, needed, basename(dockerignorePath));

  it("counts each app's module graph, the build tool's, every app's settings and the workspace files among the inputs", () => {
    expect(needed).toEqual(
      expect.arrayContaining([
        'apps/order-service/src/main.ts',
        'apps/projector/src/cli.ts',
        'apps/query-api/project.json',
        'libs/contracts/src/index.ts',
        'tools/deploy/src/apps.ts',
        'tools/deploy/src/build/build-app.ts',
        'tools/deploy/src/build/cli.ts',
        'tools/deploy/src/served-uis.ts',
        'apps/explorer/index.html',
        'apps/explorer/vite.config.mjs',
        'apps/explorer/src/main.tsx',
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'tsconfig.base.json',
        'docker/healthcheck.js',
      ]),
    );
    expect(needed.filter((file) => /\.spec\.tsx?$/.test(file))).toEqual([]);
  });

  it('excludes none of them', () => {
    expect(problemsOf(dockerignore)).toEqual([]);
  });

  it('names a pattern that excludes the build tool', () => {
    expect(problemsOf(`${dockerignore}tools/\n`)).toEqual([
      `.dockerignore line ${dockerignore.split('\n').length}: "tools/" keeps out of the build context what the image build reads: tools/deploy/src/apps.ts, tools/deploy/src/build/build-app.ts, tools/deploy/src/build/cli.ts, tools/deploy/src/docker/paths.ts, tools/deploy/src/served-uis.ts`,
    ]);
  });

  it('names a pattern that excludes the TypeScript settings', () => {
    expect(problemsOf(`${dockerignore}tsconfig*.json\n`)).toEqual([
      `.dockerignore line ${dockerignore.split('\n').length}: "tsconfig*.json" keeps out of the build context what the image build reads: tsconfig.base.json, tsconfig.json`,
    ]);
  });

  it('names a pattern that excludes what the Dockerfile copies by name, and lets an exception take it back', () => {
    const line = dockerignore.split('\n').length;
    expect(problemsOf(`${dockerignore}docker/*.js\n`)).toEqual([`.dockerignore line ${line}: "docker/*.js" keeps out of the build context what the image build reads: docker/healthcheck.js`]);
    expect(problemsOf(`${dockerignore}docker\n!docker/healthcheck.js\n`)).toEqual([]);
  });

  it("names a pattern that excludes the explorer's sources, which the query API's image build gives to Vite", () => {
    const problems = problemsOf(`${dockerignore}apps/explorer/src\n`);
    expect(problems).toEqual([expect.stringMatching(/^\.dockerignore line \d+: "apps\/explorer\/src" keeps out of the build context what the image build reads: apps\/explorer\/src\//)]);
    expect(problems[0]).toContain('apps/explorer/src/main.tsx');
  });

  it("names a pattern that excludes part of an app's module graph, and leaves alone one that excludes specs", () => {
    const problems = problemsOf(`${dockerignore}libs/contracts\n`);
    const line = dockerignore.split('\n').length;
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^\\.dockerignore line ${line}: "libs/contracts" keeps out of the build context what the image build reads: `))]);
    const paths = problems[0]!.split(': ').at(-1)!.split(', ');
    expect(paths).toContain('libs/contracts/src/index.ts');
    expect(paths.filter((path) => !path.startsWith('libs/contracts/src/'))).toEqual([]);
    expect(problemsOf(`${dockerignore}**/*.spec.ts\n`)).toEqual([]);
  });
});

describe('.dockerignore matching', () => {
  const excluded = (text: string, path: string) => excludingPattern(parseDockerignore(text), path)?.text;

  it('matches from the context root, a folder taking everything under it', () => {
    expect(excluded('node_modules', 'node_modules/kafkajs/package.json')).toBe('node_modules');
    expect(excluded('node_modules', 'apps/x/node_modules/a.js')).toBeUndefined();
    expect(excluded('/dist/', 'dist/order-service/main.js')).toBe('/dist/');
    expect(excluded('./k8s//', 'k8s/base/kustomization.yaml')).toBe('./k8s//');
  });

  it('reads *, ? and ** as Go and Docker do', () => {
    expect(excluded('*.log', 'npm.log')).toBe('*.log');
    expect(excluded('*.log', 'logs/npm.log')).toBeUndefined();
    expect(excluded('**/*.log', 'logs/npm.log')).toBe('**/*.log');
    expect(excluded('**/*.log', 'npm.log')).toBe('**/*.log');
    expect(excluded('**/node_modules', 'apps/x/node_modules/a.js')).toBe('**/node_modules');
    expect(excluded('libs/**/test', 'libs/a/b/test/x.ts')).toBe('libs/**/test');
    expect(excluded('libs/**/test', 'libs/test/x.ts')).toBe('libs/**/test');
    expect(excluded('tools/**', 'tools/deploy/src/apps.ts')).toBe('tools/**');
    expect(excluded('tsconfig?json', 'tsconfig.json')).toBe('tsconfig?json');
    expect(excluded('tsconfig?json', 'tsconfig/json')).toBeUndefined();
    expect(excluded('.env.*', '.env.local')).toBe('.env.*');
    expect(excluded('.env.*', '.envXlocal')).toBeUndefined();
    expect(excluded('[a-c]pps', 'apps/x.ts')).toBe('[a-c]pps');
    expect(excluded('\\*.md', '*.md')).toBe('\\*.md');
    expect(excluded('\\*.md', 'README.md')).toBeUndefined();
  });

  it('lets the last matching pattern decide, an exception re-including', () => {
    expect(excluded('docs\n!docs/deploy.md', 'docs/deploy.md')).toBeUndefined();
    expect(excluded('docs\n!docs/deploy.md', 'docs/dev-stack.md')).toBe('docs');
    expect(excluded('!docs/deploy.md\ndocs', 'docs/deploy.md')).toBe('docs');
    expect(excluded('*.md\n! README.md', 'README.md')).toBeUndefined();
  });

  it('skips comments and blank lines, and refuses what it cannot read faithfully', () => {
    expect(parseDockerignore('# a comment\n\n  dist  \n').map((pattern) => [pattern.line, pattern.text])).toEqual([[3, 'dist']]);
    expect(() => parseDockerignore('[!a]pps')).toThrow('Docker negates a class with [^…], not [!…]');
    expect(() => parseDockerignore('a[b')).toThrow('has a [ without its ]');
    expect(() => parseDockerignore('!')).toThrow('"!" alone is no pattern');
  });

  it('takes the files a Dockerfile copies by name from the context', () => {
    expect(contextCopySources(dockerfile)).toEqual(['package.json', 'package-lock.json', 'docker/healthcheck.js']);
  });
});
