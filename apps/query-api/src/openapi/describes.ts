import type { z } from 'zod';

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/**
 * `T` with every `readonly` taken off, arrays and tuples included: the wire has no such thing.
 * Primitives first, since a branded string (`string & {}`) also extends `object`.
 */
type Writable<T> = T extends Primitive | ((...args: never[]) => unknown) ? T : { -readonly [K in keyof T]: Writable<T[K]> };

/** Whether `A` and `B` accept the same values, readonly aside: each assignable to the other. */
type SameShape<A, B> = [Writable<A>] extends [Writable<B>] ? ([Writable<B>] extends [Writable<A>] ? true : false) : false;

/**
 * Where an answer's type is owned by a library outside the query API (the projection runtime, the
 * repairs, the order's decider), its schema is written here and held to that type by the compiler:
 * `describes<ProjectionStatus>()(schema)` does not compile unless the schema's output and the type
 * accept the same values. A field added to the type, or dropped, fails the typecheck here rather
 * than the fuzz suite later.
 */
export const describes =
  <T>() =>
  <S extends z.ZodType>(schema: S & (SameShape<z.output<S>, T> extends true ? unknown : never)): S =>
    schema;

/** As `describes`, for an answer whose type is inferred from code: every value of `T` fits the schema (it may say more). */
export const covers =
  <T>() =>
  <S extends z.ZodType>(schema: S & ([Writable<T>] extends [Writable<z.output<S>>] ? unknown : never)): S =>
    schema;
