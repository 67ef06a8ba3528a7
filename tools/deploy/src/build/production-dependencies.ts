import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '../apps';

/** The part of package-lock.json (lockfileVersion 2 or 3) that says what `npm ci --omit=dev` installs. */
export interface PackageLock {
  readonly packages: Readonly<Record<string, { readonly dev?: boolean; readonly optional?: boolean }>>;
}

/**
 * Pure: the top-level folders of `node_modules` that `npm ci --omit=dev` installs, such as
 * `kafkajs` or `@nestjs/core`. npm marks a package `dev` when only devDependencies lead to it; a
 * `devOptional` one is also an optional dependency of production code, so it stays. Nested
 * entries (`node_modules/a/node_modules/b`) live inside their top-level folder and are left out.
 */
export function productionPackages(lock: PackageLock): string[] {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('/node_modules/') && entry.dev !== true)
    .map(([key]) => key.slice('node_modules/'.length))
    .sort();
}

/**
 * Makes `target` (a `node_modules` folder) hold symbolic links to the workspace's installed
 * production packages only: what the runtime image's `npm ci --omit=dev` gives, without the
 * download. Run code against it with `node --preserve-symlinks`, or Node follows each link back
 * into the workspace's `node_modules`, where every devDependency can be found again. An optional
 * package not installed here (another platform's binary) is skipped; a missing required one
 * means the workspace's install is out of date, and throws.
 */
export function linkProductionDependencies(target: string, root = workspaceRoot): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as PackageLock;
  const linked: string[] = [];
  for (const name of productionPackages(lock)) {
    const installed = join(root, 'node_modules', name);
    if (!existsSync(installed)) {
      if (lock.packages[`node_modules/${name}`]?.optional === true) continue;
      throw new Error(`${name} is a production dependency in package-lock.json but is not installed: run npm ci`);
    }
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(installed, join(target, name), 'dir');
    linked.push(name);
  }
  return linked;
}
