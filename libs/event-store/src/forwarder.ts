import { EventStoreError } from './errors';
import type { CommandReply, PendingCommand } from './outcome';

/** Where an instance takes the requests other instances forward to it. Not a public path. */
export const INTERNAL_COMMANDS_PATH = '/internal/commands';

/** A request one instance forwards to the owner of the partition it concerns. */
export type ForwardedRequest =
  | { readonly kind: 'command'; readonly command: unknown; readonly timeoutMs: number }
  | { readonly kind: 'read'; readonly aggregateId: string; readonly timeoutMs: number }
  | { readonly kind: 'lookup'; readonly aggregateId: string; readonly commandId: string; readonly timeoutMs: number };

/** The owner's answer to one forwarded request: the reply (`pending` when it did not come in time), not the owner, or malformed. */
export type ForwardedItemAnswer =
  | { readonly kind: 'reply'; readonly reply: CommandReply | PendingCommand }
  | { readonly kind: 'not-owner'; readonly partition: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/** What became of a forwarded request, for the router. */
export type Forwarded =
  | { readonly kind: 'reply'; readonly reply: CommandReply | PendingCommand }
  /** Sent, and no answer in time: the owner may have decided it. */
  | { readonly kind: 'late' }
  /** Nothing was decided (not the owner, not reachable, not ready): ask the group again. */
  | { readonly kind: 'again' }
  /** The owner refused this instance's credential (it may have restarted with a new one of its own). */
  | { readonly kind: 'unauthorized'; readonly error: EventStoreError }
  /** The owner found the request malformed: a bug or a version skew, which sending it again does not mend. */
  | { readonly kind: 'refused'; readonly error: EventStoreError };

/** A forward whose owner took longer than the time it was given still answers within this. */
const GRACE_MS = 1_000;
/** Batches on their way to one owner at a time: the rest wait for the next. */
const IN_FLIGHT_PER_OWNER = 2;
/** Well under the internal endpoint's body limit (1 MB); a larger request goes alone. */
const BATCH_BYTES = 512 * 1024;

interface Waiting {
  /** The request as JSON, without its timeout: that is written when it is sent. */
  readonly body: string;
  readonly deadline: number;
  readonly settle: (forwarded: Forwarded) => void;
}

interface Link {
  readonly url: string;
  readonly token: string;
  readonly waiting: Waiting[];
  inFlight: number;
}

/**
 * Requests on their way to the partitions' owners among the other instances, over HTTP
 * (`POST <owner>/internal/commands`). Those for one owner go in batches: while a batch is on its
 * way, whatever else is for that owner waits and goes in the next, as the owner group-commits
 * what waits for a partition. At one request in flight nothing waits; at a hundred, one HTTP
 * request carries dozens of them.
 */
export class Forwarder {
  private readonly links = new Map<string, Link>();
  /** When each unreachable owner was last logged: an outage is logged every 10 s, not on every attempt. */
  private readonly unreachableLogged = new Map<string, number>();

  constructor(private readonly log?: (message: string, fields?: Record<string, unknown>) => void) {}

  /** Sends `request` to the owner at `url` with the credential it accepts; resolves by the request's own timeout (plus a grace). */
  forward(url: string, token: string, request: ForwardedRequest): Promise<Forwarded> {
    return new Promise<Forwarded>((resolve) => {
      let settled = false;
      const deadline = Date.now() + request.timeoutMs;
      const timer = setTimeout(() => settle({ kind: 'late' }), request.timeoutMs + GRACE_MS);
      const settle = (forwarded: Forwarded) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(forwarded);
      };
      const key = `${url} ${token}`;
      let link = this.links.get(key);
      if (!link) {
        link = { url, token, waiting: [], inFlight: 0 };
        this.links.set(key, link);
      }
      // the timeout is written when the request is sent, as what is left of it then
      link.waiting.push({ body: JSON.stringify(request, (key, value: unknown) => (key === 'timeoutMs' ? undefined : value)), deadline, settle });
      this.pump(link);
    });
  }

  private pump(link: Link): void {
    while (link.inFlight < IN_FLIGHT_PER_OWNER && link.waiting.length > 0) {
      let bytes = 0;
      let count = 0;
      while (count < link.waiting.length && (count === 0 || bytes + (link.waiting[count]?.body.length ?? 0) <= BATCH_BYTES)) {
        bytes += link.waiting[count]?.body.length ?? 0;
        count += 1;
      }
      const batch = link.waiting.splice(0, count);
      link.inFlight += 1;
      void this.send(link, batch).finally(() => {
        link.inFlight -= 1;
        if (link.inFlight === 0 && link.waiting.length === 0) this.links.delete(`${link.url} ${link.token}`);
        this.pump(link);
      });
    }
  }

  private async send(link: Link, batch: readonly Waiting[]): Promise<void> {
    const now = Date.now();
    // each request says how long its caller still waits, for the owner to answer `pending` in time
    const requests = batch.map((waiting) => `{"timeoutMs":${Math.max(0, waiting.deadline - now)},${waiting.body.slice(1)}`);
    const longest = Math.max(...batch.map((waiting) => waiting.deadline - now));
    const all = (forwarded: Forwarded) => batch.forEach((waiting) => waiting.settle(forwarded));
    let response: Response;
    try {
      response = await fetch(`${link.url}${INTERNAL_COMMANDS_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${link.token}` },
        body: `{"kind":"batch","requests":[${requests.join(',')}]}`,
        signal: AbortSignal.timeout(Math.max(0, longest) + GRACE_MS),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return all({ kind: 'late' });
      if (Date.now() - (this.unreachableLogged.get(link.url) ?? 0) > 10_000) {
        this.unreachableLogged.set(link.url, Date.now());
        this.log?.('a partition owner cannot be reached; asking the group again', { owner: link.url, error: (error as Error).message });
      }
      return all({ kind: 'again' });
    }
    const text = await response.text().catch(() => '');
    if (response.status === 401) {
      return all({ kind: 'unauthorized', error: new EventStoreError(`the instance at ${link.url} refused this instance's internal credential: do the instances share one INTERNAL_TOKEN?`, false) });
    }
    // anything else but an answer: it is not ready (starting, stopping); nothing was decided
    if (response.status !== 200) return all({ kind: 'again' });
    const answers = (JSON.parse(text) as { answers?: ForwardedItemAnswer[] }).answers ?? [];
    for (const [index, waiting] of batch.entries()) {
      const answer = answers[index];
      switch (answer?.kind) {
        case 'reply':
          waiting.settle({ kind: 'reply', reply: answer.reply });
          break;
        case 'invalid':
          waiting.settle({ kind: 'refused', error: new EventStoreError(`the instance at ${link.url} refused a forwarded request: ${answer.reason}`, false) });
          break;
        case 'not-owner':
        case undefined:
          waiting.settle({ kind: 'again' });
          break;
        default: {
          const unreachable: never = answer;
          return unreachable;
        }
      }
    }
  }
}
