import { readConfig, serviceSettings } from '@rewind/service-kit';
import { z } from 'zod';

/** The payment service's settings, read once at boot; a bad one stops the process, named. */
export const paymentServiceConfig = () => readConfig(z.object(serviceSettings(3002)));
