import { request, type Agent } from 'node:http';
import { bearer, impliedCaller, type TestRole } from '@rewind/testing';

const callerOf = (method: string, url: string, body: string | undefined): [TestRole, string | undefined] => {
  const caller = impliedCaller(method, url, method === 'POST' && body !== undefined ? (JSON.parse(body) as unknown) : undefined);
  return [caller.role, caller.subject];
};

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * A plain node:http request over a keep-alive agent: less client CPU per request than fetch, on a
 * machine the apps share. It carries the test issuer's token for the role its endpoint is for
 * (a customer's own, to place an order), minted once per caller and kept.
 */
export async function httpRequest(agent: Agent, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const body = init.body;
  const method = init.method ?? (body === undefined ? 'GET' : 'POST');
  const authorization = new URL(url).pathname.startsWith('/orders') ? await bearer(...callerOf(method, url, body)) : {};
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }), ...authorization, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadResult {
  /** Operations that succeeded within the measured window, per second. */
  readonly perSecond: number;
  /** Client-side latency of every successful operation started in the measured window, in ms. */
  readonly latencies: number[];
  readonly failures: number;
  readonly completed: number;
}

/**
 * Keeps `concurrency` operations in flight for `warmupMs + durationMs`; only operations that start
 * after the warm-up count. Latency by the monotonic high-resolution clock, on the client.
 */
export async function closedLoop(options: { concurrency: number; warmupMs: number; durationMs: number; operation: (sequence: number) => Promise<boolean> }): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  let failures = 0;
  let sequence = 0;
  let lastCompletion = measureFrom;
  const worker = async () => {
    while (performance.now() < end) {
      const began = performance.now();
      let ok = false;
      try {
        ok = await options.operation(sequence++);
      } catch {
        ok = false;
      }
      const finished = performance.now();
      if (began < measureFrom) continue;
      lastCompletion = Math.max(lastCompletion, finished);
      if (ok) latencies.push(finished - began);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  // the window closes when the last operation begun inside it has answered
  const windowMs = Math.max(lastCompletion, end) - measureFrom;
  return { perSecond: (latencies.length / windowMs) * 1000, latencies, failures, completed: latencies.length + failures };
}
