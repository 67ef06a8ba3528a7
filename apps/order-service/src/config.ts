import { readConfig, serviceSettings } from '@rewind/service-kit';
import { z } from 'zod';

/** The order service's settings, read once at boot; a bad one stops the process, named. */
export const orderServiceConfig = () => readConfig(z.object(serviceSettings(3001)));
