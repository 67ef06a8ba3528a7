import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { impliedBearer, type Saga, type ServiceProcess, startSaga, testKafka, uniqueName } from '@rewind/testing';
import { accountForEvents, type EventAccounting } from './fuzz/event-accounting';
import { RecordingProxy } from './fuzz/recording-proxy';
import { installSchemathesis, runSchemathesis, SCHEMATHESIS_VERSION, type FuzzReport } from './fuzz/schemathesis';
import { readEventLogs } from './read-models';

// Every HTTP app's OpenAPI document, fuzzed by schemathesis with every check (fuzz/schemathesis.toml
// gives the exceptions and their reasons): no 5xx, no answer the document does not promise, no
// schema-valid request refused as invalid; and no event appended for a request answered 4xx.
const SEED = 20261127;
const MAX_EXAMPLES = 20;
const workspaceRoot = join(__dirname, '..', '..', '..');
const outDir = join(workspaceRoot, 'tmp', 'reliability');
/**
 * What schemathesis sends as its credentials: the proxy swaps it for a token of the role the
 * operation is for (a customer places its own orders, the warehouse moves shipments, an admin
 * rebuilds…), so every operation is exercised past its role check. What schemathesis sends instead
 * (nothing, or a made-up token, to check that the API refuses them) passes through untouched.
 */
const IMPLIED_ROLE = 'Bearer rewind-fuzz-implied-role';

const toImpliedRole = (url: string) => async (method: string, path: string, body: Buffer, authorization: string | undefined) => {
  if (authorization !== IMPLIED_ROLE) return undefined;
  let parsed: unknown;
  try {
    parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  return (await impliedBearer(method, `${url}${path}`, parsed)).authorization;
};

interface AppRun {
  readonly report: FuzzReport;
  readonly proxy: RecordingProxy;
}

describe('HTTP fuzzing of every OpenAPI document', () => {
  let saga: Saga;
  let schemathesis: string;
  const runs = new Map<string, AppRun>();
  let accounting: EventAccounting;

  beforeAll(async () => {
    [saga, schemathesis] = await Promise.all([startSaga(), installSchemathesis()]);
    const apps: [string, ServiceProcess][] = [
      ['order-service', saga.orders],
      ['payment-service', saga.payments],
      ['shipping-service', saga.shipping],
      ['query-api', saga.query],
    ];
    const reportDir = join(outDir, 'schemathesis', saga.namespace.slice(0, -1));
    mkdirSync(reportDir, { recursive: true });
    // the four at once: each mostly waits on Kafka round trips
    await Promise.all(
      apps.map(async ([name, app]) => {
        const proxy = new RecordingProxy(app.port, toImpliedRole(app.url('')));
        const url = await proxy.start();
        const report = await runSchemathesis(schemathesis, {
          url,
          seed: SEED,
          maxExamples: MAX_EXAMPLES,
          headers: { Authorization: IMPLIED_ROLE },
          reportBase: join(reportDir, name),
        });
        await proxy.stop();
        runs.set(name, { report, proxy });
      }),
    );

    const kafka = testKafka(uniqueName('fuzz'));
    const logs = await readEventLogs(kafka, saga.namespace);
    const exchanges = (name: string) => runs.get(name)?.proxy.exchanges ?? [];
    accounting = accountForEvents([
      { name: 'orders', idField: 'orderId', events: logs.orders, exchanges: exchanges('order-service') },
      { name: 'payments', idField: 'paymentId', events: logs.payments, exchanges: exchanges('payment-service') },
      { name: 'shipments', idField: 'shipmentId', events: logs.shipments, exchanges: exchanges('shipping-service') },
    ]);
    writeCounts();
  }, 600_000);

  afterAll(async () => {
    await Promise.all([...runs.values()].map((run) => run.proxy.stop()));
    await saga?.stop();
  });

  /** What docs/reliability.md quotes: tmp/reliability/fuzz.json, and the same on the console. */
  function writeCounts(): void {
    const apps = Object.fromEntries(
      [...runs].map(([name, { report, proxy }]) => {
        const requests = proxy.exchanges.filter((exchange) => !exchange.path.startsWith('/docs'));
        const byStatus: Record<string, number> = {};
        for (const { status } of requests) byStatus[`${Math.floor(status / 100)}xx`] = (byStatus[`${Math.floor(status / 100)}xx`] ?? 0) + 1;
        const failures = Object.values(report.failures).reduce((sum, count) => sum + count, 0);
        return [name, { requests: requests.length, cases: report.cases, byStatus, serverErrors: byStatus['5xx'] ?? 0, failures, failedChecks: report.failures, errors: report.errors.length, exitCode: report.exitCode, log: report.log }];
      }),
    );
    const counts = {
      schemathesis: SCHEMATHESIS_VERSION,
      seed: SEED,
      maxExamples: MAX_EXAMPLES,
      finishedAt: new Date().toISOString(),
      apps,
      events: {
        inLogs: accounting.events,
        commandRequestsAccepted: accounting.acceptedRequests,
        commandRequestsRejected: accounting.rejectedRequests,
        httpCommandsWithEvents: accounting.httpCommands,
        appendedForRejectedRequests: accounting.unaccounted.length,
        orphans: accounting.orphans.length,
        auditProblems: accounting.problems.length,
      },
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'fuzz.json'), `${JSON.stringify(counts, null, 2)}\n`);
    process.stdout.write(`HTTP fuzzing (tmp/reliability/fuzz.json):\n${JSON.stringify(counts, null, 2)}\n`);
  }

  describe.each(['order-service', 'payment-service', 'shipping-service', 'query-api'])('%s', (name) => {
    const run = () => {
      const found = runs.get(name);
      if (!found) throw new Error(`${name} was not fuzzed`);
      return found;
    };

    it('answers every fuzzed request without a 5xx', () => {
      expect(run().proxy.exchanges.filter((exchange) => exchange.status >= 500).map(({ method, path, status }) => `${status} ${method} ${path}`)).toEqual([]);
    });

    it('passes every check, with no error, on a non-trivial number of requests', () => {
      const { report, proxy } = run();
      expect({ failures: report.failures, errors: report.errors, log: report.log }).toEqual({ failures: {}, errors: [], log: report.log });
      expect(report.exitCode).toBe(0);
      expect(proxy.exchanges.length).toBeGreaterThan(100);
    });
  });

  it('appends no event for a rejected request, and every event is accounted for', () => {
    expect({ unaccounted: accounting.unaccounted, orphans: accounting.orphans, problems: accounting.problems }).toEqual({ unaccounted: [], orphans: [], problems: [] });
    // the accounting had something to account for: commands were accepted and refused, and the saga reacted
    expect(accounting.acceptedRequests).toBeGreaterThan(10);
    expect(accounting.httpCommands).toBeGreaterThan(5);
    expect(accounting.rejectedRequests).toBeGreaterThan(100);
    expect(accounting.events).toBeGreaterThan(accounting.httpCommands);
  });
});
