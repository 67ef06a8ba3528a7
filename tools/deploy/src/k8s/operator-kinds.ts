import type { z } from 'zod';
import { certManagerSchemas } from './cert-manager';
import type { KubeObject } from './render';
import { strimziSchemas } from './strimzi';

/** The strict schema of a kind an operator defines (Strimzi's, cert-manager's), which Kubernetes' own schemas do not know. */
export const operatorSchema = (object: KubeObject): z.ZodType | undefined =>
  strimziSchemas[`${object.apiVersion}/${object.kind}`] ?? certManagerSchemas[`${object.apiVersion}/${object.kind}`];
