import type { Admin, Kafka } from 'kafkajs';
import { withinDeadline } from './deadline';

export type PartitionOffsets = Awaited<ReturnType<Admin['fetchTopicOffsets']>>;

/**
 * Topics' offsets through one admin client, each ask within a deadline. After a missed deadline
 * the client is thrown away and the next ask connects a fresh one: a client that once hung is not
 * trusted again.
 */
export class TopicOffsets {
  private admin: Promise<Admin> | undefined;
  private cluster: Promise<string> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly deadlineMs = 10_000,
  ) {}

  /** Each partition's low and high offsets (the high one is the next to be written). */
  async of(topic: string): Promise<PartitionOffsets> {
    const admin = this.connected();
    let abandoned = false;
    const asked = admin.then((client) => client.fetchTopicOffsets(topic));
    // settled either way, so a late failure of an abandoned ask is not an unhandled rejection
    asked.catch(() => undefined);
    return withinDeadline(asked, this.deadlineMs, `the offsets of ${topic}`, () => {
      abandoned = true;
      this.discard(admin);
    }).catch((error: unknown) => {
      // a client that failed to connect is not kept either
      if (!abandoned) void admin.catch(() => this.discard(admin));
      throw error;
    });
  }

  /**
   * The cluster's id: what a partition store records beside its offsets, so that a store read from
   * another cluster (a disk moved, a cluster rebuilt) is not taken for this one's. Asked once.
   */
  async clusterId(): Promise<string> {
    this.cluster ??= (async () => {
      const admin = this.connected();
      const { clusterId } = await withinDeadline(
        admin.then((client) => client.describeCluster()),
        this.deadlineMs,
        'a description of the cluster',
        () => this.discard(admin),
      );
      return clusterId;
    })();
    this.cluster.catch(() => (this.cluster = undefined));
    return this.cluster;
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((client) => client.disconnect()).catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
    }
    return this.admin;
  }

  private discard(admin: Promise<Admin>): void {
    if (this.admin !== admin) return;
    this.admin = undefined;
    void admin.then((client) => client.disconnect()).catch(() => undefined);
  }
}
