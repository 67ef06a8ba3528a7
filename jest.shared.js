// Jest settings shared by every project. swc only strips types (fast); the `typecheck` target
// is what checks them. Each project's jest.*.config.js picks one kind of test.
const { join } = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const swc = {
  jsc: {
    // swc rewrites `@rewind/*` imports itself, so they also resolve in global setup files,
    // which jest loads with plain `require` rather than through its resolver
    baseUrl: __dirname,
    paths: compilerOptions.paths,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** An ES-module-only package, compiled to CommonJS for jest (the apps themselves load it with Node's require(esm)). */
const esmPackage = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

const base = (projectDir, displayName) => ({
  displayName,
  rootDir: projectDir,
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc], '/node_modules/jose/.+\\.js$': ['@swc/jest', esmPackage] },
  // jose ships ES modules only, which jest's own require cannot load: swc turns them into CommonJS
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  reporters: ['default', join(__dirname, 'tools/jest/count-reporter.js')],
});

// Integration and e2e suites share one pair of servers per run (see docs/testing.md).
const servers = {
  globalSetup: join(__dirname, 'libs/testing/src/jest/servers.global-setup.ts'),
  globalTeardown: join(__dirname, 'libs/testing/src/jest/servers.global-teardown.ts'),
  testTimeout: 120_000,
};

module.exports = {
  /** `*.spec.ts` beside the code: no servers, no network. */
  unit: (projectDir, name) => ({
    ...base(projectDir, name),
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
  }),
  /** `*.int.spec.ts`: against a real Kafka and a real MongoDB-wire server. */
  integration: (projectDir, name) => ({
    ...base(projectDir, `${name}:int`),
    ...servers,
    testMatch: ['<rootDir>/**/*.int.spec.ts'],
  }),
  /** `*.e2e.spec.ts`: the whole stack, apps included. */
  e2e: (projectDir, name) => ({
    ...base(projectDir, `${name}:e2e`),
    ...servers,
    testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  }),
};
