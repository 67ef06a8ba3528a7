import type { Sizes, Samples } from './context';
import type { Breakdown, Figure, Measurement } from './report';
import { EVENTS_PER_ORDER } from './shapes';
import { spreadOf } from './stats';

const APPS = ['order-service', 'payment-service', 'shipping-service', 'projector', 'query-api'] as const;

/** The order service alone (nothing reacts to its orders), then with the saga on one and two instances. */
const SETUPS = [
  { key: 'alone', label: 'order service alone', instances: 1, p50Within: 15 },
  { key: 'orders.1', label: 'with the saga, 1 instance', instances: 1, p50Within: 40 },
  { key: 'orders.2', label: 'with the saga, 2 instances (requests spread over both)', instances: 2, p50Within: undefined },
] as const;

/** The processes whose CPU the breakdown shows, in its columns' order: the servers, the apps, the load. */
const CPU_COLUMNS = ['kafka', 'ferretdb', ...APPS, 'bench'] as const;

/** The table: each Rewind figure beside its baseline, with the targets. */
export function buildFigures(samples: Samples, sizes: Sizes): Figure[] {
  const figures: (Figure | undefined)[] = [];
  const figure = (id: string, label: string, unit: string, key: string, extra: Partial<Pick<Figure, 'baseline' | 'target'>> = {}): Figure | undefined => {
    const value = samples.spread(key);
    return value ? { id, label, unit, value, ...extra } : undefined;
  };
  const bareProducer = (concurrency: number): Measurement | undefined => samples.measurement(`kafkajs.${concurrency}.rate`, `kafkajs idempotent producer, acks=all, ${concurrency} in flight`, 'records/s');

  const setups = SETUPS;
  for (const setup of setups) {
    for (const concurrency of sizes.concurrencies) {
      const baseline = bareProducer(concurrency);
      figures.push(
        figure(`commands.${setup.key}.${concurrency}`, `POST /orders per instance, ${setup.label}, ${concurrency} in flight`, 'req/s', `${setup.key}.${concurrency}.rate`, {
          ...(baseline ? { baseline } : {}),
          ...(concurrency >= 10 ? { target: { kind: 'share-of-baseline', atLeast: 0.5 } } : {}),
        }),
      );
    }
  }
  for (const concurrency of sizes.concurrencies) {
    const one = samples.measurement(`orders.1.${concurrency}.total`, `one instance, ${concurrency} in flight`, 'req/s');
    figures.push(
      figure(`commands.total.2.${concurrency}`, `POST /orders in total, 2 instances with requests spread over both, ${concurrency} in flight`, 'req/s', `orders.2.${concurrency}.total`, {
        ...(one ? { baseline: one } : {}),
        target: { kind: 'share-of-baseline', atLeast: 0.9 },
      }),
    );
  }
  for (const setup of setups) {
    for (const concurrency of sizes.concurrencies) {
      for (const p of ['p50', 'p95', 'p99'] as const) {
        const baseline = samples.measurement(`kafkajs.${concurrency}.${p}`, `kafkajs send ${p}, ${concurrency} in flight`, 'ms');
        const target =
          p === 'p50' && concurrency === 1 && setup.p50Within !== undefined
            ? { target: { kind: 'at-most', limit: setup.p50Within } as const }
            : p === 'p99' && concurrency === 100
              ? { target: { kind: 'times-baseline', atMost: 2 } as const }
              : {};
        figures.push(
          figure(`latency.${setup.key}.${concurrency}.${p}`, `POST /orders ${p}, ${setup.label}, ${concurrency} in flight`, 'ms', `${setup.key}.${concurrency}.${p}`, {
            ...(baseline ? { baseline } : {}),
            ...target,
          }),
        );
      }
    }
  }
  // the saga's commands are counted too where it runs: each order sets more commands in motion
  for (const setup of setups) {
    for (const concurrency of sizes.concurrencies) {
      const limit = setup.key === 'alone' ? (concurrency === 1 ? 4 : concurrency === 100 ? 0.5 : undefined) : undefined;
      figures.push(
        figure(`requests.${setup.key}.${concurrency}`, `Kafka requests per POST /orders, ${setup.label}, ${concurrency} in flight`, 'requests', `${setup.key}.${concurrency}.requests`, {
          ...(limit === undefined ? {} : { target: { kind: 'at-most', limit } }),
        }),
      );
    }
  }
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const baseline = samples.measurement(p === 'p50' ? 'hop.p50' : 'hop.p99', `one kafkajs produce→consume hop, ${p === 'p50' ? 'p50' : 'p99'}`, 'ms');
    figures.push(
      figure(`saga.${p}`, `saga ${p}: POST /orders answered → shipment scheduled on the query API`, 'ms', `saga.${p}`, {
        ...(baseline && p !== 'p95' ? { baseline } : {}),
        ...(p === 'p99' ? { target: { kind: 'below', limit: 250 } } : {}),
      }),
    );
  }
  for (const events of sizes.rebuildEvents) {
    const baseline = samples.measurement(`rebuild.${events}.baseline`, 'lower of bare kafkajs eachBatch read and bare bulk upsert', 'events/s');
    figures.push(
      figure(`rebuild.${events}`, `projection rebuild (orders), ${events.toLocaleString('en-US')} events`, 'events/s', `rebuild.${events}.rate`, {
        ...(baseline ? { baseline } : {}),
        target: { kind: 'share-of-baseline', atLeast: 0.6 },
      }),
    );
  }
  const [small, large] = sizes.rebuildEvents;
  const smallTime = small === undefined ? undefined : samples.spread(`rebuild.${small}.seconds`);
  const largeTime = large === undefined ? undefined : samples.spread(`rebuild.${large}.seconds`);
  if (small !== undefined && large !== undefined && smallTime && largeTime) {
    const factor = large / small;
    figures.push({
      id: 'rebuild.linearity',
      label: `rebuild time, ${large.toLocaleString('en-US')} events over ${small.toLocaleString('en-US')} (${factor}× the events)`,
      unit: '×',
      value: spreadOf([largeTime.median / smallTime.median]),
      target: { kind: 'at-most', limit: factor * 1.2 },
    });
  }
  const emptyStart = samples.measurement('recovery.empty', 'the same start on an empty log', 's');
  for (const mode of ['snapshots', 'replay'] as const) {
    const value = samples.spread(`recovery.${mode}`);
    if (value) {
      figures.push({
        id: `recovery.${mode}`,
        label: `partition recovery, ${mode === 'snapshots' ? 'from snapshots' : 'snapshots off (full replay)'}`,
        unit: 's',
        value: scale(value, 1 / 1000),
        ...(emptyStart ? { baseline: { ...emptyStart, value: scale(emptyStart.value, 1 / 1000) } } : {}),
      });
    }
  }
  const fromZero = samples.measurement('scale.recovery.zero', 'the same start from offset zero (no disk, snapshots off)', 's');
  for (const mode of ['disk', 'changelog', 'zero'] as const) {
    const value = samples.spread(`scale.recovery.${mode}`);
    if (!value) continue;
    const label = { disk: 'with its disk kept', changelog: 'without its disk, from the changelog', zero: 'from offset zero (for reference)' }[mode];
    figures.push({
      id: `scale.recovery.${mode}`,
      label: `order service recovery over ${sizes.scaleOrders.toLocaleString('en-US')} orders, ${label}`,
      unit: 's',
      value: scale(value, 1 / 1000),
      ...(fromZero && mode !== 'zero' ? { baseline: { ...fromZero, value: scale(fromZero.value, 1 / 1000) } } : {}),
    });
  }
  for (const kind of ['cold', 'hot'] as const) {
    for (const p of ['p50', 'p99'] as const) {
      figures.push(figure(`scale.${kind}.${p}`, `command ${p} over ${sizes.scaleOrders.toLocaleString('en-US')} orders, ${kind} aggregates (${kind === 'cold' ? 'read from the store' : 'in the cache'})`, 'ms', `scale.${kind}.${p}`));
    }
  }
  const backlog = `${(sizes.backlogOrders * EVENTS_PER_ORDER).toLocaleString('en-US')} events`;
  figures.push(figure('backlog.rate', `projector catching up from offset zero (four projections), ${backlog} behind`, 'events/s', 'backlog.rate'));
  figures.push(figure('backlog.rss', `projector resident memory, peak while catching up on ${backlog}`, 'MB', 'backlog.rss', { target: { kind: 'below', limit: 200 } }));
  figures.push(figure('scale.rss', `order service resident memory, peak over ${sizes.scaleOrders.toLocaleString('en-US')} orders, heap capped at 256 MiB`, 'MB', 'scale.rss', { target: { kind: 'below', limit: 300 } }));
  for (const app of APPS) {
    figures.push(figure(`rss.idle.${app}`, `${app} resident memory, idle`, 'MB', `rss.idle.${app}`));
    figures.push(figure(`rss.load.${app}`, `${app} resident memory, peak under load`, 'MB', `rss.load.${app}`, { target: { kind: 'below', limit: 200 } }));
  }
  return figures.filter((candidate): candidate is Figure => candidate !== undefined);
}

/**
 * Where each level of POST /orders spent its time (medians over the runs): how long the order
 * services' producer requests took on average — a command waits on three of them in turn — and the
 * CPU each process used, in cores. Beside the order service alone, it tells the machine's limits
 * (a broker or a database with no core to spare) from Rewind's own.
 */
export function buildBreakdown(samples: Samples, sizes: Sizes): Breakdown[] {
  return SETUPS.flatMap((setup) =>
    sizes.concurrencies.flatMap((concurrency): Breakdown[] => {
      const key = `${setup.key}.${concurrency}`;
      const rate = samples.spread(`${key}.rate`)?.median;
      if (rate === undefined) return [];
      const cores: Record<string, number> = {};
      for (const name of CPU_COLUMNS) {
        const used = samples.spread(`${key}.cpu.${name}`)?.median;
        if (used !== undefined) cores[name] = used;
      }
      const producerMs = samples.spread(`${key}.producer-ms`)?.median;
      return [{ label: `${setup.label}, ${concurrency} in flight`, rate, ...(producerMs === undefined ? {} : { producerMs }), cores }];
    }),
  );
}

export function buildBaselines(samples: Samples, sizes: Sizes): Measurement[] {
  const list: (Measurement | undefined)[] = [
    samples.measurement('perf.producer.rate', `kafka-producer-perf-test (idempotent, acks=all, ${sizes.perfToolRecords.toLocaleString('en-US')} records of 700 B)`, 'records/s'),
    samples.measurement('perf.producer.p99', 'kafka-producer-perf-test p99', 'ms'),
    samples.measurement('perf.consumer.rate', 'kafka-consumer-perf-test (fetch rate)', 'records/s'),
    ...sizes.concurrencies.map((c) => samples.measurement(`kafkajs.${c}.rate`, `kafkajs idempotent producer, ${c} in flight`, 'records/s')),
    ...sizes.concurrencies.map((c) => samples.measurement(`kafkajs.${c}.p99`, `kafkajs idempotent producer p99, ${c} in flight`, 'ms')),
    samples.measurement('hop.p50', 'kafkajs produce→consume hop p50', 'ms'),
    samples.measurement('hop.p99', 'kafkajs produce→consume hop p99', 'ms'),
    ...sizes.rebuildEvents.flatMap((e) => [
      samples.measurement(`consume.${e}.rate`, `kafkajs eachBatch read of the three events topics, ${e.toLocaleString('en-US')} events`, 'events/s'),
      samples.measurement(`upsert.${e}.rate`, `mongodb bulk upsert of ${e.toLocaleString('en-US')} order-view documents (16 per command, 2 in flight)`, 'documents/s'),
    ]),
    samples.measurement('recovery.empty', 'order-service start to first answer on an empty log', 'ms'),
  ];
  return list.filter((candidate): candidate is Measurement => candidate !== undefined);
}

function scale(value: ReturnType<typeof spreadOf>, factor: number) {
  return spreadOf(value.runs.map((run) => run * factor));
}
