import { request, type Agent } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A plain node:http request over a keep-alive agent: less client CPU per request than fetch, on a machine the apps share. */
export function httpRequest(agent: Agent, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = init.body;
    const req = request(
      url,
      {
        agent,
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }), ...init.headers },
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
