import type { DevStack } from '@rewind/dev-stack';

export default async function serversGlobalTeardown(): Promise<void> {
  await (globalThis as { rewindDevStack?: DevStack }).rewindDevStack?.stop();
}
