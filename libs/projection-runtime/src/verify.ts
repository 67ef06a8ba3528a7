import { readPartitions } from '@rewind/event-store';
import type { EventEnvelope } from '@rewind/contracts';
import type { Admin, Kafka } from 'kafkajs';
import type { Collection, Db } from 'mongodb';
import { generationCollection, generationGroup, Generations } from './generations';
import { committedOffsets, logExtent, type PartitionExtent } from './offsets';
import { foldInto, sourceTopics, type ProjectionDefinition, type StoredDocument } from './projection';

/** What `verify` found between two generations of a projection. */
export interface GenerationComparison {
  readonly projection: string;
  readonly generations: readonly [number, number];
  readonly documents: readonly [number, number];
  /** Ids found in one generation only, at most `limit` of each. */
  readonly onlyIn: readonly [readonly string[], readonly string[]];
  /** Documents in both that differ, with the first path where they do, at most `limit`. */
  readonly different: readonly { readonly id: string; readonly path: string }[];
  /** All differences, counted even past the limit. */
  readonly differences: number;
  /** Documents the live generation changed after the positions compared at, while verify ran: not compared. */
  readonly inFlight: { readonly count: number; readonly ids: readonly string[] };
  /** How both generations were brought to the same log positions, or why they were compared as stored. */
  readonly alignment: Alignment;
}

export type Alignment =
  | { readonly aligned: true; readonly foldedForward: readonly { readonly generation: number; readonly records: number }[] }
  | { readonly aligned: false; readonly reason: string };

/** What `verifyGenerations` works with. */
export interface VerifyContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly db: Db;
  readonly definition: ProjectionDefinition<object>;
  readonly namespace: string;
}

/** At most this many records are read to fold a generation forward, or to see what changed during the walk; past it, documents are compared as stored. */
export const VERIFY_READ_LIMIT = 200_000;
/** At most this many differing documents are held to be told apart from documents in flight; the rest count as differences. */
const CANDIDATES_KEPT = 100_000;
const LOOKUP_CHUNK = 32;

type Candidate = { readonly kind: 'onlyIn0' | 'onlyIn1'; readonly id: string } | { readonly kind: 'different'; readonly id: string; readonly path: string };

/**
 * Compares two generations of a projection like with like. A generation replaced by a rebuild
 * stopped being fed at the flip, while the live one goes on folding what arrives: compared as
 * stored, every document touched since shows as a difference. So both are brought to the same log
 * positions first:
 *
 * 1. per source partition, the further of the two groups' committed offsets;
 * 2. a generation no longer fed is folded forward to them in memory (its documents as stored,
 *    then the records from its own committed offsets on, with the projection's own fold);
 * 3. the live generation is fed and keeps moving while the documents are walked. Afterwards, the
 *    records from its committed offsets to the log's end say which documents it may have changed
 *    meanwhile: a difference in one of those is reported as in flight, not compared. Any other
 *    document of the live generation has folded exactly its events up to those positions, as
 *    the other has, so a difference there is a real one.
 *
 * A generation being rebuilt is compared as stored (it is partial until it flips), and so is a
 * pair whose gap is larger than `VERIFY_READ_LIMIT` records.
 */
export async function verifyGenerations(context: VerifyContext, a: number, b: number, limit = 20): Promise<GenerationComparison> {
  const { kafka, admin, db, definition, namespace } = context;
  const name = definition.name;
  const pointer = await new Generations(db).pointer(name);
  const asStored = (reason: string) => compareGenerations(db, name, a, b, { limit, reason });
  if (pointer.rebuild && [a, b].includes(pointer.rebuild.generation)) return asStored(`generation ${pointer.rebuild.generation} is being rebuilt: compared as stored`);

  const topics = sourceTopics(definition);
  const extent = await logExtent(admin, topics);
  const positionsOf = async (generation: number) => positions(extent, await committedOffsets(admin, generationGroup(namespace, name, generation), topics));
  const [atA, atB] = await Promise.all([positionsOf(a), positionsOf(b)]);
  const target = new Map([...atA].map(([partition, offset]) => [partition, Math.max(offset, atB.get(partition) ?? offset)]));

  const overrides = new Map<number, Map<string, StoredDocument<object>>>();
  const foldedForward: { generation: number; records: number }[] = [];
  for (const [generation, at] of [[a, atA] as const, [b, atB] as const]) {
    if (generation === pointer.live) continue; // fed: it gets there by itself
    const records = [...target].reduce((sum, [partition, offset]) => sum + offset - (at.get(partition) ?? offset), 0);
    if (records > VERIFY_READ_LIMIT) return asStored(`generation ${generation} is ${records} records behind the other, more than verify folds forward (${VERIFY_READ_LIMIT}): compared as stored`);
    if (records === 0) continue;
    const events = await readEvents(kafka, definition, ranges(at, target));
    overrides.set(generation, await foldForward(db.collection<StoredDocument<object>>(generationCollection(name, generation)), definition, events));
    foldedForward.push({ generation, records });
  }

  const live = [a, b].includes(pointer.live) ? pointer.live : undefined;
  const walked = await walk(db, name, a, b, overrides);
  let touched = new Set<string>();
  if (live !== undefined) {
    // what the live generation may have folded while it was walked: from its own positions to the log's end now
    const from = live === a ? atA : atB;
    const to = ends(await logExtent(admin, topics));
    const records = [...to].reduce((sum, [partition, offset]) => sum + Math.max(offset - (from.get(partition) ?? offset), 0), 0);
    if (records > VERIFY_READ_LIMIT) return asStored(`generation ${live} is ${records} records behind the log, more than verify reads (${VERIFY_READ_LIMIT}): compared as stored`);
    const events = await readEvents(kafka, definition, ranges(from, to));
    touched = new Set(events.flatMap(({ event, stream }) => definition.documentId(event, stream) ?? []));
  }
  return summary(name, [a, b], walked, touched, limit, { aligned: true, foldedForward });
}

/**
 * Compares two generations as they are stored, document by document — the model and the versions
 * applied — walking both in `_id` order, so memory stays flat however large the projection.
 * `verifyGenerations` compares them at the same log positions instead.
 */
export async function compareGenerations(db: Db, projection: string, a: number, b: number, options: { readonly limit?: number; readonly reason?: string } = {}): Promise<GenerationComparison> {
  const walked = await walk(db, projection, a, b, new Map());
  return summary(projection, [a, b], walked, new Set(), options.limit ?? 20, { aligned: false, reason: options.reason ?? 'compared as stored' });
}

interface Walked {
  readonly counts: readonly [number, number];
  readonly candidates: readonly Candidate[];
  /** Differences past the candidates kept: counted, never told apart from documents in flight. */
  readonly overflow: number;
}

/** Both generations in `_id` order, a generation's documents folded forward in place of its stored ones. */
async function walk(db: Db, projection: string, a: number, b: number, overrides: ReadonlyMap<number, ReadonlyMap<string, StoredDocument<object>>>): Promise<Walked> {
  const left = inOrder(db.collection<StoredDocument<object>>(generationCollection(projection, a)), overrides.get(a) ?? new Map());
  const right = inOrder(db.collection<StoredDocument<object>>(generationCollection(projection, b)), overrides.get(b) ?? new Map());
  const counts: [number, number] = [0, 0];
  const candidates: Candidate[] = [];
  let overflow = 0;
  const note = (candidate: Candidate) => (candidates.length < CANDIDATES_KEPT ? candidates.push(candidate) : (overflow += 1));
  let x = await left.next();
  let y = await right.next();
  while (!x.done || !y.done) {
    if (!x.done && (y.done || x.value._id < y.value._id)) {
      counts[0] += 1;
      note({ kind: 'onlyIn0', id: x.value._id });
      x = await left.next();
    } else if (!y.done && (x.done || y.value._id < x.value._id)) {
      counts[1] += 1;
      note({ kind: 'onlyIn1', id: y.value._id });
      y = await right.next();
    } else if (!x.done && !y.done) {
      counts[0] += 1;
      counts[1] += 1;
      const path = firstDifference(x.value, y.value);
      if (path !== undefined) note({ kind: 'different', id: x.value._id, path });
      x = await left.next();
      y = await right.next();
    }
  }
  return { counts, candidates, overflow };
}

/** What the walk found, with the documents the live generation changed during it set apart as in flight. */
function summary(projection: string, generations: readonly [number, number], walked: Walked, touched: ReadonlySet<string>, limit: number, alignment: Alignment): GenerationComparison {
  const onlyIn: [string[], string[]] = [[], []];
  const different: { id: string; path: string }[] = [];
  const inFlight: string[] = [];
  let differences = walked.overflow;
  let inFlightCount = 0;
  const keep = <T>(list: T[], entry: T) => list.length < limit && list.push(entry);
  for (const candidate of walked.candidates) {
    if (touched.has(candidate.id)) {
      inFlightCount += 1;
      keep(inFlight, candidate.id);
      continue;
    }
    differences += 1;
    if (candidate.kind === 'different') keep(different, { id: candidate.id, path: candidate.path });
    else keep(onlyIn[candidate.kind === 'onlyIn0' ? 0 : 1], candidate.id);
  }
  return { projection, generations: [generations[0], generations[1]], documents: walked.counts, onlyIn, different, differences, inFlight: { count: inFlightCount, ids: inFlight }, alignment };
}

/** A collection's documents in `_id` order, with `overrides` in place of (or beside) the stored ones. */
async function* inOrder(collection: Collection<StoredDocument<object>>, overrides: ReadonlyMap<string, StoredDocument<object>>): AsyncGenerator<StoredDocument<object>> {
  const extra = [...overrides.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  let next = 0;
  for await (const stored of collection.find({}).sort({ _id: 1 })) {
    while (next < extra.length && (extra[next] as string) < stored._id) yield overrides.get(extra[next++] as string) as StoredDocument<object>;
    if (extra[next] === stored._id) next += 1;
    yield overrides.get(stored._id) ?? stored;
  }
  while (next < extra.length) yield overrides.get(extra[next++] as string) as StoredDocument<object>;
}

/** Per source partition (`topic/partition`), a group's position: its committed offset, or the partition's start. */
function positions(extent: readonly PartitionExtent[], committed: ReadonlyMap<string, number>): Map<string, number> {
  return new Map(extent.map(({ topic, partition, start }) => [`${topic}/${partition}`, Math.max(committed.get(`${topic}/${partition}`) ?? start, start)]));
}

/** Per source partition, where its log ends now. */
const ends = (extent: readonly PartitionExtent[]) => new Map(extent.map(({ topic, partition, end }) => [`${topic}/${partition}`, end]));

const ranges = (from: ReadonlyMap<string, number>, to: ReadonlyMap<string, number>) =>
  [...to].flatMap(([key, end]) => {
    const start = from.get(key) ?? end;
    const slash = key.lastIndexOf('/');
    return start < end ? [{ topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)), from: String(start), to: String(end) }] : [];
  });

/** The events of some partition ranges, decoded as the projection's consumer decodes them; what it could not decode it dead-lettered, and so is left out. */
async function readEvents(kafka: Kafka, definition: ProjectionDefinition<object>, partitionRanges: ReturnType<typeof ranges>): Promise<{ event: EventEnvelope; stream: string }[]> {
  const sources = new Map(definition.sources.map((source) => [source.topic, source]));
  const events: { event: EventEnvelope; stream: string }[] = [];
  if (partitionRanges.length === 0) return events;
  await readPartitions(kafka, partitionRanges, (topic, _partition, message) => {
    const source = sources.get(topic);
    if (!source) return;
    try {
      events.push({ event: source.codec.decode(message.value), stream: source.stream });
    } catch {
      // dead-lettered by the consumer as well
    }
  });
  return events;
}

/** The documents these events touch, as stored in a generation and then folded forward with them. */
async function foldForward(collection: Collection<StoredDocument<object>>, definition: ProjectionDefinition<object>, events: readonly { event: EventEnvelope; stream: string }[]): Promise<Map<string, StoredDocument<object>>> {
  const ids = [...new Set(events.flatMap(({ event, stream }) => definition.documentId(event, stream) ?? []))];
  const documents = new Map<string, StoredDocument<object>>();
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    // one `_id` at a time: FerretDB reads the whole collection for `$in` (projector.ts)
    const found = await Promise.all(ids.slice(start, start + LOOKUP_CHUNK).map((id) => collection.findOne({ _id: id } as never)));
    for (const document of found) if (document) documents.set(document._id, document);
  }
  // what the consumer dead-lettered (a gap, a fold that throws) it did not apply either
  foldInto(definition, documents, events, { isHeld: () => false, reject: () => undefined });
  return new Map(ids.flatMap((id) => (documents.has(id) ? [[id, documents.get(id) as StoredDocument<object>]] : [])));
}

/** Pure: the first path (`model.payment.status`, `model.lines[2]`) where two JSON-like values differ; undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    // key order is not meaning: documents written by different code paths may list fields differently
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path || '(document)';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
