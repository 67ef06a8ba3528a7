/** One difference between two states: a value that appeared, went, or changed, at a path such as `lines[0].quantity`. */
export type StateChange =
  | { readonly kind: 'added'; readonly path: string; readonly after: unknown }
  | { readonly kind: 'removed'; readonly path: string; readonly before: unknown }
  | { readonly kind: 'changed'; readonly path: string; readonly before: unknown; readonly after: unknown };

/**
 * Pure: what changed from one state to the next, leaf by leaf, keys in alphabetical order. Arrays
 * are compared by position (an order's lines do not move); a value that turns from an object into
 * something else is one change.
 */
export function diffStates(before: unknown, after: unknown, path = ''): StateChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffStates(before[key], after[key], path === '' ? key : `${path}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, index) => diffStates(before[index], after[index], `${path}[${index}]`)).flat();
  }
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ kind: 'added', path, after }];
  if (after === undefined) return [{ kind: 'removed', path, before }];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ kind: 'changed', path, before, after }];
}

/** Pure: a value as one short line. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);
