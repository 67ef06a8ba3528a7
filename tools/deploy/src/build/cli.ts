import { deployableApps } from '../apps';
import { buildApp, distDir } from './build-app';

/**
 * `node -r @swc-node/register tools/deploy/src/build/cli.ts <app>…`: each app's production build
 * into `dist/<app>/`, with the web UI it serves (the query API's explorer, in `dist/query-api/explorer`):
 * what `nx run <app>:build` and the Dockerfile run. No app: every deployable app.
 */
function main(names: readonly string[]): number {
  const apps = deployableApps();
  const unknown = names.filter((name) => !apps.some((app) => app.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown app ${unknown.join(', ')}; deployable: ${apps.map((app) => app.name).join(', ')}\n`);
    return 2;
  }
  for (const app of names.length === 0 ? apps : apps.filter((candidate) => names.includes(candidate.name))) {
    const result = buildApp(app, distDir(app.name));
    process.stdout.write(`${app.name}: ${result.files.length} files in dist/${app.name} (runtime packages: ${result.packages.join(', ')})\n`);
    for (const [ui, files] of Object.entries(result.uis)) process.stdout.write(`${app.name}: ${ui}, ${files.length} files in dist/${app.name}/${ui}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
