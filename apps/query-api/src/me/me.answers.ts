import { roles } from '@rewind/contracts';
import type { Caller } from '@rewind/service-kit';
import { z } from 'zod';
import { describes } from '../openapi/describes';

/** `GET /me`: who the token says the caller is, as the API reads it (the explorer shows pages by it). */
export const callerSchema = describes<Caller>()(
  z.object({
    subject: z.string().describe("The token's subject: a customer's customer id"),
    role: z.enum(roles).describe('The role this request was let in under (the first the caller holds)'),
    roles: z.array(z.enum(roles)).describe("The roles of Rewind the token holds, read from the configured claim"),
  }),
);
