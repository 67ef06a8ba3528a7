import { commonSettings, port, readConfig } from '@rewind/service-kit';
import { z } from 'zod';

/** The shipping service's settings, read once at boot; a bad one stops the process, named. */
export const shippingServiceConfig = () =>
  readConfig(
    z.object({
      ...commonSettings,
      PORT: port(3003),
      SNAPSHOT_EVERY: z.coerce.number().int().min(0).default(1000),
      KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(10_000),
    }),
  );
