import { commonSettings, port, readConfig } from '@rewind/service-kit';
import { z } from 'zod';

/** The projector's settings, read once at boot; a bad one stops the process, named. */
export const projectorConfig = () =>
  readConfig(
    z.object({
      ...commonSettings,
      /** Health endpoints only: the projector serves no API. */
      PORT: port(3005),
      MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI'),
      MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('rewind'),
    }),
  );
