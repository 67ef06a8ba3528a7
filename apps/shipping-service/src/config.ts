import { readConfig, serviceSettings } from '@rewind/service-kit';
import { z } from 'zod';

/** The shipping service's settings, read once at boot; a bad one stops the process, named. */
export const shippingServiceConfig = () => readConfig(z.object(serviceSettings(3003)));
