import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';
import { valueWithin } from '../read-models/deadline';

/** Whether the servers the API reads from answer, each within a deadline so a probe never hangs. */
export class Probes {
  constructor(
    private readonly db: Db,
    private readonly admin: Admin,
    private readonly timeoutMs: number,
  ) {}

  async check(): Promise<{ mongodb: boolean; kafka: boolean }> {
    const [mongodb, kafka] = await Promise.all([
      valueWithin(this.db.command({ ping: 1 }).then(() => true), this.timeoutMs),
      valueWithin(this.admin.describeCluster().then(() => true), this.timeoutMs),
    ]);
    return { mongodb: mongodb === true, kafka: kafka === true };
  }
}
