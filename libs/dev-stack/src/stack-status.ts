import type { AppStatus } from './app-supervisor';
import type { PublishedStack } from './stack';

/** What `npm run stack -- status` answers: the stack `up` runs and each of its apps. */
export interface StackStatus {
  readonly stack: PublishedStack | undefined;
  readonly apps: readonly AppStatus[];
}

/** Pure: `status` as a person reads it. */
export function statusLines({ stack, apps }: StackStatus, now = Date.now()): string[] {
  const width = Math.max(0, ...apps.map((app) => app.name.length));
  const restarts = (app: AppStatus) => (app.restarts === 0 ? '' : `, ${app.restarts} restart${app.restarts === 1 ? '' : 's'} (last exit ${String(app.lastExit)})`);
  return [
    ...(stack
      ? [`Rewind dev stack (${stack.mode}), process ${stack.ownerPid}, since ${stack.startedAt}`, `  KAFKA_BROKERS=${stack.kafkaBrokers}`, `  MONGODB_URI=${stack.mongoUri}`, `  data: ${stack.dataDir}`]
      : []),
    ...apps.map((app) => {
      const state =
        app.phase === 'waiting'
          ? `restarting in ${Math.max(0, Math.ceil((Date.parse(app.nextStartAt ?? '') - now) / 1000))} s`
          : `${app.phase}, process ${String(app.pid)}`;
      return `  ${app.name.padEnd(width)}  ${state}${restarts(app)}  ${app.url ?? ''}`.trimEnd();
    }),
  ];
}

