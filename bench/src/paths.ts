import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '..', '..');
