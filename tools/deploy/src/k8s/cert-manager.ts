import { z } from 'zod';

// cert-manager's CRD schemas are not in a package this machine has. These are the parts of the
// cert-manager.io/v1 API that Rewind's manifests use (the prod overlay's MongoDB TLS), strict, as
// ./strimzi is for Strimzi's: a misspelt or unsupported field is refused here instead of being
// ignored. The cluster validates the full CRD when the manifests are applied.

const metadata = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a DNS subdomain name'),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const duration = z.string().regex(/^(\d+(\.\d+)?(h|m|s|ms))+$/, 'expected a Go duration such as 8760h');

const issuerSpec = z.union([
  z.strictObject({ selfSigned: z.strictObject({}) }),
  z.strictObject({ ca: z.strictObject({ secretName: z.string().min(1) }) }),
]);

const usage = z.enum([
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
]);

export const certManagerSchemas: Record<string, z.ZodType> = {
  'cert-manager.io/v1/Issuer': z.strictObject({
    apiVersion: z.literal('cert-manager.io/v1'),
    kind: z.literal('Issuer'),
    metadata,
    spec: issuerSpec,
  }),
  'cert-manager.io/v1/Certificate': z.strictObject({
    apiVersion: z.literal('cert-manager.io/v1'),
    kind: z.literal('Certificate'),
    metadata,
    spec: z.strictObject({
      secretName: z.string().min(1),
      issuerRef: z.strictObject({ name: z.string().min(1), kind: z.enum(['Issuer', 'ClusterIssuer']).optional(), group: z.string().optional() }),
      isCA: z.boolean().optional(),
      commonName: z.string().max(64).optional(),
      dnsNames: z.array(z.string().min(1)).optional(),
      ipAddresses: z.array(z.string().min(1)).optional(),
      usages: z.array(usage).optional(),
      duration: duration.optional(),
      renewBefore: duration.optional(),
      privateKey: z
        .strictObject({
          algorithm: z.enum(['RSA', 'ECDSA', 'Ed25519']).optional(),
          size: z.number().int().optional(),
          encoding: z.enum(['PKCS1', 'PKCS8']).optional(),
          rotationPolicy: z.enum(['Never', 'Always']).optional(),
        })
        .optional(),
      // CombinedPEM (tls-combined.pem) is GA since cert-manager 1.18; DER writes key.der
      additionalOutputFormats: z.array(z.strictObject({ type: z.enum(['CombinedPEM', 'DER']) })).optional(),
    }),
  }),
};
