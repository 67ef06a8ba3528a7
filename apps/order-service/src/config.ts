import { appSettings, readConfig, serviceSettings } from '@rewind/service-kit';

/** Every setting this app reads; the deployment checks (tools/deploy) hold manifests to it. */
export const settings = appSettings(serviceSettings(3001));

/** The order service's settings, read once at boot; a bad one stops the process, named. */
export const orderServiceConfig = (env: Readonly<Record<string, string | undefined>> = process.env) => readConfig(settings, env);
