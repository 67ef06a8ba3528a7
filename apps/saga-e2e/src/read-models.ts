import { orderEvents, paymentEvents, shipmentEvents } from '@rewind/contracts';
import { evolveOrderTimeline, evolveOrderView, orderIdOf, type OrderTimeline, type OrderView, type OrderViewEvent } from '@rewind/orders-read-models';
import { evolvePaymentView, type PaymentView } from '@rewind/payments-read-models';
import { evolveShipmentView, type ShipmentView } from '@rewind/shipping-read-models';
import { eventually, readTopicToEnd, type TopicRecord } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';

export type EventLogs = Readonly<Record<'orders' | 'payments' | 'shipments', TopicRecord[]>>;

/** The three services' event logs, read from offset zero with `read_committed`, by the test itself. */
export async function readEventLogs(kafka: Kafka, namespace: string): Promise<EventLogs> {
  const [orders, payments, shipments] = await Promise.all(['orders', 'payments', 'shipments'].map((service) => readTopicToEnd(kafka, `${namespace}${service}.events`)));
  return { orders: orders ?? [], payments: payments ?? [], shipments: shipments ?? [] };
}

/** The read models as they should be: the logs folded here, event by event in log order, with the read models' pure folds. */
export interface ExpectedReadModels {
  readonly orders: Record<string, OrderView>;
  readonly order_timeline: Record<string, OrderTimeline>;
  readonly payments: Record<string, PaymentView>;
  readonly shipments: Record<string, ShipmentView>;
}

export function foldEventLogs(logs: EventLogs): ExpectedReadModels {
  const fold = <E, V>(sources: { records: TopicRecord[]; decode: (value: string | null) => E; stream: string }[], keyOf: (event: E) => string, evolve: (view: V | undefined, event: E, stream: string) => V) => {
    const views: Record<string, V> = {};
    for (const { records, decode, stream } of sources) {
      for (const record of records) {
        const event = decode(record.value);
        views[keyOf(event)] = evolve(views[keyOf(event)], event, stream);
      }
    }
    return views;
  };
  const orderStreams = [
    { records: logs.orders, decode: (value: string | null) => orderEvents.decode(value) as OrderViewEvent, stream: 'orders' },
    { records: logs.payments, decode: (value: string | null) => paymentEvents.decode(value) as OrderViewEvent, stream: 'payments' },
    { records: logs.shipments, decode: (value: string | null) => shipmentEvents.decode(value) as OrderViewEvent, stream: 'shipments' },
  ];
  return {
    orders: fold(orderStreams, orderIdOf, evolveOrderView),
    order_timeline: fold(orderStreams, orderIdOf, evolveOrderTimeline),
    payments: fold([{ records: logs.payments, decode: (value) => paymentEvents.decode(value), stream: 'payments' }], (event) => event.aggregateId, evolvePaymentView),
    shipments: fold([{ records: logs.shipments, decode: (value) => shipmentEvents.decode(value), stream: 'shipments' }], (event) => event.aggregateId, evolveShipmentView),
  };
}

export const PROJECTIONS = ['orders', 'order_timeline', 'payments', 'shipments'] as const;
export type ProjectionName = (typeof PROJECTIONS)[number];

/** Every document's model in a projection's generation, by id. */
export async function storedModels(db: Db, projection: ProjectionName, generation: number): Promise<Record<string, unknown>> {
  const documents = await db.collection<{ _id: string; model: unknown }>(`${projection}_g${generation}`).find().toArray();
  return Object.fromEntries(documents.map((document) => [document._id, document.model]));
}

/** The saga's consumer groups: what each service reacts to, and the groups that decide commands. */
const reactions: Record<string, string[]> = { orders: ['payments.events', 'shipments.events'], payments: ['orders.events', 'shipments.events'], shipments: ['orders.events'] };
const projectionTopics: Record<ProjectionName, string[]> = {
  orders: ['orders.events', 'payments.events', 'shipments.events'],
  order_timeline: ['orders.events', 'payments.events', 'shipments.events'],
  payments: ['payments.events'],
  shipments: ['shipments.events'],
};

export function sagaGroups(namespace: string, liveGenerations: Readonly<Record<ProjectionName, number>>) {
  return [
    ...Object.entries(reactions).flatMap(([service, topics]) => [
      { groupId: `${namespace}${service}.command-processor`, topic: `${namespace}${service}.commands` },
      ...topics.map((topic) => ({ groupId: `${namespace}${service}.reactions`, topic: `${namespace}${topic}` })),
    ]),
    ...PROJECTIONS.flatMap((projection) => projectionTopics[projection].map((topic) => ({ groupId: `${namespace}projection.${projection}.g${liveGenerations[projection]}`, topic: `${namespace}${topic}` }))),
  ];
}

export const reactionGroups = (namespace: string) => Object.entries(reactions).flatMap(([service, topics]) => topics.map((topic) => ({ groupId: `${namespace}${service}.reactions`, topic: `${namespace}${topic}` })));

/**
 * Waits until the saga is at rest and the read models have folded everything: two passes in a row
 * find every group at the end of what it consumes (one pass alone could miss a command a group
 * further down the list has just issued).
 */
export async function settled(admin: Admin, groups: readonly { groupId: string; topic: string }[], timeoutMs = 120_000): Promise<void> {
  const caughtUp = async () => {
    for (const { groupId, topic } of groups) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
      if (!ends.every((end) => end.high === '0' || committed.find((p) => p.partition === end.partition)?.offset === end.high)) return false;
    }
    return true;
  };
  await eventually(async () => (await caughtUp()) && (await caughtUp()), Boolean, timeoutMs);
}
