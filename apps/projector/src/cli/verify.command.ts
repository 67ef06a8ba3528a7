import { Generations, verifyGenerations } from '@rewind/projection-runtime';
import type { CliContext } from './context';

/**
 * Compares two generations of a projection at the same log positions and reports their
 * differences; exit code 1 when there are some. Documents the live generation changed while verify
 * ran are listed as in flight, not as differences. Without generations named, it compares the
 * live one with the one being rebuilt, or else with the one it replaced.
 */
export async function verify(context: CliContext, generations: readonly [number, number] | undefined): Promise<number> {
  const { db, definition, out } = context;
  const pair = generations ?? (await defaultPair(new Generations(db), definition.name));
  if (!pair) {
    out.write(`verify ${definition.name}: there is only the live generation; name two generations to compare\n`);
    return 2;
  }
  const comparison = await verifyGenerations(context, pair[0], pair[1]);
  const [a, b] = comparison.generations;
  const { alignment, inFlight } = comparison;
  out.write(`verify ${definition.name}: generation ${a} (${comparison.documents[0]} documents) against generation ${b} (${comparison.documents[1]} documents)\n`);
  out.write(
    alignment.aligned
      ? `  at the same log positions${alignment.foldedForward.map(({ generation, records }) => `; generation ${generation} folded forward by ${records} records`).join('')}\n`
      : `  ${alignment.reason}\n`,
  );
  if (inFlight.count > 0) out.write(`  ${inFlight.count} document(s) changed by events that arrived while verify ran, not compared: ${inFlight.ids.join(', ')}${inFlight.ids.length < inFlight.count ? ', …' : ''}\n`);
  if (comparison.differences === 0) {
    out.write('no differences\n');
    return 0;
  }
  for (const id of comparison.onlyIn[0]) out.write(`  only in generation ${a}: ${id}\n`);
  for (const id of comparison.onlyIn[1]) out.write(`  only in generation ${b}: ${id}\n`);
  for (const { id, path } of comparison.different) out.write(`  differs: ${id} at ${path}\n`);
  const shown = comparison.onlyIn[0].length + comparison.onlyIn[1].length + comparison.different.length;
  out.write(`${comparison.differences} difference(s)${shown < comparison.differences ? `, ${shown} shown` : ''}\n`);
  return 1;
}

async function defaultPair(generations: Generations, projection: string): Promise<[number, number] | undefined> {
  const pointer = await generations.pointer(projection);
  const other = pointer.rebuild?.generation ?? pointer.retired?.at(-1)?.generation;
  return other === undefined ? undefined : [Math.min(pointer.live, other), Math.max(pointer.live, other)];
}
