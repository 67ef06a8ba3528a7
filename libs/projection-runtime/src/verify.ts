import type { Db } from 'mongodb';
import { generationCollection } from './generations';

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
}

/**
 * Compares two generations document by document — the model and the versions applied — walking
 * both in `_id` order, so memory stays flat however large the projection.
 */
export async function compareGenerations(db: Db, projection: string, a: number, b: number, limit = 20): Promise<GenerationComparison> {
  const cursor = (generation: number) => {
    const documents = db.collection<{ _id: string }>(generationCollection(projection, generation)).find({}).sort({ _id: 1 });
    return documents[Symbol.asyncIterator]();
  };
  const left = cursor(a);
  const right = cursor(b);
  const counts: [number, number] = [0, 0];
  const onlyIn: [string[], string[]] = [[], []];
  const different: { id: string; path: string }[] = [];
  let differences = 0;
  const note = <T>(list: T[], entry: T) => {
    differences += 1;
    if (list.length < limit) list.push(entry);
  };
  let x = await left.next();
  let y = await right.next();
  while (!x.done || !y.done) {
    if (!x.done && (y.done || x.value._id < y.value._id)) {
      counts[0] += 1;
      note(onlyIn[0], x.value._id);
      x = await left.next();
    } else if (!y.done && (x.done || y.value._id < x.value._id)) {
      counts[1] += 1;
      note(onlyIn[1], y.value._id);
      y = await right.next();
    } else if (!x.done && !y.done) {
      counts[0] += 1;
      counts[1] += 1;
      const path = firstDifference(x.value, y.value);
      if (path !== undefined) note(different, { id: x.value._id, path });
      x = await left.next();
      y = await right.next();
    }
  }
  return { projection, generations: [a, b], documents: counts, onlyIn, different, differences };
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
