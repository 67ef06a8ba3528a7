/** Pinned versions of the servers the dev stack runs. The container images use the same ones. */
export const KAFKA_VERSION = '4.1.1';
export const KAFKA_SCALA = '2.13';
/** The Log4j 2 that this Kafka release depends on; its slf4j binding must match it. */
export const KAFKA_LOG4J_VERSION = '2.24.3';
export const KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
/** With Docker, tests run against the real thing; FerretDB is the stand-in where there is none. */
export const MONGO_IMAGE = 'mongo:7.0';

/** Network faults for the fault suite; built with `go install` (the module proxy serves v2.3.0 and v2.5.0). */
export const TOXIPROXY_MODULE = 'github.com/Shopify/toxiproxy/v2';
export const TOXIPROXY_VERSION = 'v2.5.0';
