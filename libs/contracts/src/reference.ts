import { z } from 'zod';

/**
 * The id of an aggregate or of another party's object (a customer, a payment, a shipment) as a
 * payload field. Its owner decides the format; contracts only bound its size.
 */
export const referenceSchema = z.string().min(1).max(100);
