export { startDevStack, findPublishedStack, type DevStack, type StartOptions } from './stack';
export { readDevStackEnv, exportServerAddresses, type DevStackEnv, type InfraMode, type ServerAddresses } from './env';
export { provisionTopics, type ProvisionReport } from './provision';
export { installKafka, LOCAL_SASL_USER } from './kafka-local';
export { installFerretDb } from './ferretdb-local';
export { DevStackError } from './errors';
export { ensureInstalled } from './install-cache';
export { KAFKA_VERSION, FERRETDB_VERSION, KAFKA_IMAGE, MONGO_IMAGE } from './versions';
export { freePort, isAlive } from './processes';
