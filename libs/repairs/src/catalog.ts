import { unitPriceRepair } from './catalog/unit-price.repair';
import type { Repair } from './repair';

/**
 * Every repair the CLI and the query API know, by name. A repair is code: it is added here, in a
 * file of its own under catalog/, reviewed like any change, and tested with histories of its own.
 */
export const repairCatalog: readonly Repair[] = [unitPriceRepair as unknown as Repair];

export function findRepair(name: string): Repair | undefined {
  return repairCatalog.find((repair) => repair.name === name);
}
