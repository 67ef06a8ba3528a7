import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSaga, uniqueName, type Saga } from '@rewind/testing';

// Rewind as the explorer meets it: the whole stack as real processes on a topic namespace and a
// database of the suite's own (`startSaga`, as the saga-e2e suites start it), the query API
// serving an explorer built for this run.

export const workspaceRoot = join(__dirname, '..', '..', '..');

/** Builds the explorer into the run's own folder with the workspace's Vite config, as `nx build explorer` does into dist/. */
export async function buildExplorer(outDir: string): Promise<void> {
  const vite = join(workspaceRoot, 'node_modules', '.bin', 'vite');
  const child = spawn(vite, ['build', '--config', 'apps/explorer/vite.config.mjs', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: workspaceRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`vite build of the explorer exited with ${code}`);
}

/** The stack, with an explorer built into the run's own folder and served by its query API. */
export async function startRewind(): Promise<Saga> {
  const explorerDir = join(workspaceRoot, 'tmp', 'explorer-e2e', uniqueName('explorer'));
  await buildExplorer(explorerDir);
  return startSaga({}, { appSettings: { 'query-api': { EXPLORER_DIR: explorerDir } } });
}
