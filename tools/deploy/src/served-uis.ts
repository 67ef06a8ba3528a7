import { posix } from 'node:path';
import type { Environment } from './apps';
import { IMAGE_APP_DIR } from './docker/paths';

/**
 * A web UI that an app serves from its own image: a Vite project whose bundle the app's build
 * writes into its output (`dist/<app>/<project>`, so `/app/<project>` in the image), and the app's
 * setting that names that folder.
 */
export interface ServedUi {
  /** The deployable app that serves it, such as `query-api`. */
  readonly app: string;
  /** The UI's Nx project, such as `explorer`: also the folder its bundle goes in. */
  readonly project: string;
  /** The UI's project folder, relative to the workspace root; it holds the Vite config, `vite.config.mjs`. */
  readonly root: string;
  /** The app's setting that names the folder to serve; a deployment sets it to `servedUiImageDir(ui)`. */
  readonly setting: string;
}

/** The UIs the images carry: the query API serves the explorer under /explorer/ (docs/explorer.md). */
export const SERVED_UIS: readonly ServedUi[] = [{ app: 'query-api', project: 'explorer', root: 'apps/explorer', setting: 'EXPLORER_DIR' }];

/** The UIs `app` serves, none for most apps. */
export function servedUis(app: string): ServedUi[] {
  return SERVED_UIS.filter((ui) => ui.app === app);
}

/** Pure: where the app's image holds the UI: what the manifests and the compose file set `ui.setting` to. */
export function servedUiImageDir(ui: ServedUi): string {
  return posix.join(IMAGE_APP_DIR, ui.project);
}

/**
 * Pure: problems with the environment a deployment gives `app`, for the UIs its image holds: each
 * one's setting must name the folder the image holds it in. Unset, the app serves no UI (the
 * setting is optional, so the app's own schema does not complain); elsewhere, it refuses to start.
 */
export function servedUiProblems(app: string, env: Environment): string[] {
  return servedUis(app).flatMap((ui) => {
    const want = servedUiImageDir(ui);
    const given = env[ui.setting];
    if (given === undefined) return [`${app}: ${ui.setting} is unset, so the ${ui.project} its image holds in ${want} is not served`];
    return given === want ? [] : [`${app}: ${ui.setting} is ${given}, but its image holds the ${ui.project} in ${want}`];
  });
}
