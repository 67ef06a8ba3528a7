import { appSettings, commonSettings, readConfig } from '@rewind/service-kit';
import { z } from 'zod';

/** Every setting the repair CLI reads: the Kafka ones every app shares, and where plans go. */
export const settings = appSettings({
  ...commonSettings,
  /** Where `plan` writes a plan when no --out is given. */
  REPAIR_PLANS_DIR: z.string().min(1).default('tmp/repair-plans'),
});

export type RepairCliConfig = z.output<typeof settings>;

/** Read once, after the arguments: a bad setting stops the CLI, named. */
export const repairCliConfig = (env: Readonly<Record<string, string | undefined>> = process.env): RepairCliConfig => readConfig(settings, env);
