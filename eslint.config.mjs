import nx from '@nx/eslint-plugin';

/**
 * Layering, checked on every lint. Two axes, both from each project.json's `tags`:
 * - scope: a bounded context may use itself and `shared`, never another context;
 * - type: what a kind of project may depend on — the domain stays pure, contracts depend on nothing.
 */
const depConstraints = [
  { sourceTag: 'scope:orders', onlyDependOnLibsWithTags: ['scope:orders', 'scope:shared'] },
  { sourceTag: 'scope:payments', onlyDependOnLibsWithTags: ['scope:payments', 'scope:shared'] },
  { sourceTag: 'scope:shipping', onlyDependOnLibsWithTags: ['scope:shipping', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // apps that join the contexts on the read side (projector, query API) and whole-stack tests
  { sourceTag: 'scope:composition', onlyDependOnLibsWithTags: ['scope:orders', 'scope:payments', 'scope:shipping', 'scope:shared', 'scope:composition'] },

  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts'],
    bannedExternalImports: ['@nestjs/*', 'kafkajs', 'mongodb', 'testcontainers'],
  },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
    bannedExternalImports: ['@nestjs/*', 'kafkajs', 'mongodb', 'testcontainers', 'node:*'],
  },
  {
    sourceTag: 'type:read-model',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:read-model'],
    bannedExternalImports: ['@nestjs/*', 'kafkajs'],
  },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra', 'type:testing'] },
  // a feature wires read models or deciders to the machinery, for the apps that share it
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:read-model', 'type:infra'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:read-model', 'type:infra', 'type:feature', 'type:testing'] },
  // whole-stack tests also hold the running apps to the deployment's manifests (tools/deploy)
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:read-model', 'type:infra', 'type:feature', 'type:testing', 'type:tool'] },
  // benchmarks run the apps and the servers like the whole-stack tests, and measure instead of assert
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:read-model', 'type:infra', 'type:feature', 'type:testing', 'type:tool'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra', 'type:tool', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:tool'] },
  // the explorer runs in a browser and reads the query API over HTTP: no Rewind library in its bundle
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', 'kafkajs', 'mongodb', 'testcontainers', 'zod'] },
];

const runtimeOnlyPaths = [
  { name: '@rewind/testing', message: 'Test helpers belong in *.spec.ts files only.' },
  { name: '@rewind/dev-stack', message: 'The dev stack is tooling; apps read their servers from config.' },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals instead of an enum.' },
        {
          selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']",
          message: 'A focused test hides every other test: remove .only before committing.',
        },
        {
          selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='skip']",
          message: 'A skipped test proves nothing: delete it, or disable this rule on the line with the reason.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\.?(/index)?$', message: "Import the module by its file name, not the folder's index." },
          ],
        },
      ],
    },
  },
  {
    // test helpers and the dev stack never ship in an app or a library's runtime code
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**', 'libs/dev-stack/**', '**/testing/**', 'apps/*-e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: runtimeOnlyPaths,
          patterns: [
            { regex: '^\\.\\.?(/index)?$', message: "Import the module by its file name, not the folder's index." },
          ],
        },
      ],
    },
  },
  {
    // stricter for the pure domain (it replaces the block above there): Nx's boundary rule does
    // not see Node's built-ins, so they are refused here
    files: ['libs/**/domain/**/*.ts', 'libs/decider/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/decider/src/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: runtimeOnlyPaths,
          patterns: [
            { regex: '^node:', message: 'The domain is pure: no I/O, clock or randomness from Node.' },
            { regex: '^(@nestjs/|kafkajs$|mongodb$)', message: 'The domain is pure: no framework, broker or database.' },
            { regex: '^\\.\\.?(/index)?$', message: "Import the module by its file name, not the folder's index." },
          ],
        },
      ],
    },
  },
  {
    // a test indexes what it has just built; `!` there says so more plainly than a guard
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
