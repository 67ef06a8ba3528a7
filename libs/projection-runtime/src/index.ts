export { coPartitionedAssigner } from './co-partitioned-assigner';
export { foldInto, type ProjectionDefinition, type ProjectionSource, type StoredDocument } from './projection';
export { Projector, type ProjectorOptions } from './projector';
export { Generations, generationCollection, POINTERS_COLLECTION, type GenerationPointer } from './generations';
