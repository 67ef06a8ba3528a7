// Generated from the query API's OpenAPI document by openapi-typescript: do not edit.
// After a change to an answer of the query API, run `npm run openapi:explorer` to regenerate it;
// apps/query-api/src/openapi/explorer-types.spec.ts fails while it is not fresh.

export interface paths {
    readonly "/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Orders, filtered, a page at a time in id order */
        readonly get: operations["OrdersHttpController_list"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/orders/{orderId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** One order, joined with its payment and its shipment */
        readonly get: operations["OrdersHttpController_get"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/orders/{orderId}/timeline": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every event of every service about the order, in time order, with what caused each */
        readonly get: operations["OrdersHttpController_timeline"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/orders/{orderId}/state": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The order aggregate as it was at a version, or at an instant: its own events folded with the write side’s evolve */
        readonly get: operations["OrdersHttpController_state"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/payments/{paymentId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** One payment */
        readonly get: operations["PaymentsAndShipmentsHttpController_payment"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/shipments/{shipmentId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** One shipment */
        readonly get: operations["PaymentsAndShipmentsHttpController_shipment"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/projections": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every projection: live generation, lag per partition, rebuild in progress, retired generations */
        readonly get: operations["ProjectionsHttpController_all"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/projections/{name}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** One projection’s status */
        readonly get: operations["ProjectionsHttpController_one"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/projections/{name}/rebuild": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Ask for a rebuild into the next generation, up to the source topics’ ends now; the projector runs it and flips to it once caught up. Asking again resumes the one recorded. */
        readonly post: operations["ProjectionsHttpController_rebuild"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/projections/{name}/verify": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Compare the live generation document by document with the one being rebuilt, or else with the one it replaced, at the same log positions (the replaced one is folded forward in memory to where the live one is); the first differences are listed, all are counted */
        readonly post: operations["ProjectionsHttpController_verify"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/dead-letters": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The dead letters that still hold their keys, oldest first per key: the consumer, the reason, where each came from, and the record itself */
        readonly get: operations["DeadLettersHttpController_list"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/dead-letters/replay": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Ask a consumer to handle its dead letters again after a fix, those of one key or all: the instance that owns each key handles them in order, then lets the key flow on. What fails again is dead-lettered again. */
        readonly post: operations["DeadLettersHttpController_replay"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/repairs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The repairs there are: each with what it repairs and its parameters (a JSON schema) */
        readonly get: operations["RepairsHttpController_catalog"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/repairs/plans": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The latest plans, newest first, without their entries */
        readonly get: operations["RepairsHttpController_list"];
        readonly put?: never;
        /** Make a plan: read the log and list every aggregate the repair would correct, with what it holds and the version seen; nothing is sent */
        readonly post: operations["RepairsHttpController_plan"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/repairs/plans/{planId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A plan: its status and progress, every entry (with what became of it once applied), what it leaves and why, and the totals */
        readonly get: operations["RepairsHttpController_get"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/repairs/plans/{planId}/apply": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Apply a plan in the background, each correction with the command id the plan derived and the version it saw: an aggregate changed since is skipped. Applying again resumes: what was corrected is reported so, not corrected twice. */
        readonly post: operations["RepairsHttpController_apply"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/me": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The caller as its token says: subject and roles */
        readonly get: operations["MeHttpController_me"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        readonly Address: {
            readonly name: string;
            readonly line1: string;
            readonly city: string;
            readonly postalCode: string;
            readonly country: string;
        };
        readonly OrderLine: {
            readonly sku: string;
            readonly quantity: number;
            readonly unitPriceCents: number;
        };
        readonly OrderCorrection: {
            /** Format: uuid */
            readonly eventId: string;
            /** @enum {string} */
            readonly type: "ShippingAddressCorrected" | "OrderRepriced" | "OrderRepricingReverted" | "OrderDeliveryReversed";
            /**
             * Format: uuid
             * @description The event it corrects
             */
            readonly corrects: string;
            readonly reason: string;
            readonly version: number;
            /** Format: date-time */
            readonly occurredAt: string;
            /** @description Who made it: an operator, an admin applying a repair plan, the repair CLI, or a service reacting; absent before identities */
            readonly actor?: {
                /** @enum {string} */
                readonly kind: "person";
                readonly subject: string;
                /** @enum {string} */
                readonly role: "customer" | "operator" | "warehouse" | "admin";
            } | {
                /** @enum {string} */
                readonly kind: "service";
                readonly service: string;
                readonly trigger?: string;
            };
        };
        readonly OrderView: {
            readonly orderId: string;
            /**
             * @description `pending` until the order's own first event has arrived (a payment or shipment event may come first)
             * @enum {string}
             */
            readonly status: "pending" | "placed" | "confirmed" | "shipped" | "delivered" | "cancelled";
            /** @description The order aggregate's version: what `If-Match` takes (0 while pending) */
            readonly version: number;
            readonly customerId?: string;
            readonly currency?: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents?: number;
            readonly shippingAddress?: components["schemas"]["Address"];
            readonly cancellationReason?: string;
            /** @description Its corrections, oldest first; absent until there is one */
            readonly corrections?: readonly components["schemas"]["OrderCorrection"][];
            /** @description Its latest repricing and whether the payment has settled it; absent until there is one */
            readonly repricing?: {
                readonly number: number;
                /** @enum {string} */
                readonly status: "pending" | "settled" | "reverted";
            };
            readonly payment?: {
                readonly id: string;
                /** @enum {string} */
                readonly status: "authorized" | "declined" | "refunded";
                /** @description What the payment holds, after the repricings it settled */
                readonly amountCents: number;
                readonly declineReason?: string;
                readonly refundReason?: string;
                /** @description How the latest repricing was settled against it */
                readonly lastSettlement?: {
                    readonly repricing: number;
                    /** @enum {string} */
                    readonly kind: "partial_refund" | "additional_charge" | "additional_charge_declined";
                    readonly amountCents: number;
                    readonly declineReason?: string;
                };
            };
            readonly shipment?: {
                readonly id: string;
                /** @enum {string} */
                readonly status: "scheduled" | "dispatched" | "delivered" | "failed" | "cancelled";
                readonly carrier?: string;
                readonly trackingNumber?: string;
                readonly failureReason?: string;
                readonly cancellationReason?: string;
                /** @description Cancelled after the parcel had left: it is called back */
                readonly recalled?: boolean;
                /** @description The order's address was corrected after the parcel had left: the carrier is to redirect it */
                readonly redirected?: boolean;
                /** @description Deliveries reversed as recorded by mistake */
                readonly deliveriesReversed?: number;
            };
            /** Format: date-time */
            readonly placedAt?: string;
            /**
             * Format: date-time
             * @description The latest `occurredAt` of any event folded in
             */
            readonly updatedAt: string;
        };
        readonly OrderPage: {
            readonly items: readonly components["schemas"]["OrderView"][];
            /** @description Present only when another page may follow: pass it as `cursor` */
            readonly nextCursor?: string;
        };
        readonly TimelineEntry: {
            /** @description The stream it belongs to: `orders`, `payments` or `shipments` */
            readonly stream: string;
            readonly type: string;
            readonly aggregateId: string;
            readonly version: number;
            /** Format: uuid */
            readonly eventId: string;
            /** Format: date-time */
            readonly occurredAt: string;
            readonly commandId: string;
            readonly correlationId: string;
            readonly causationId: string;
            /** @description Who caused it: a person (subject and role) or a service reacting to an event; absent on events from before identities */
            readonly actor?: {
                /** @enum {string} */
                readonly kind: "person";
                readonly subject: string;
                /** @enum {string} */
                readonly role: "customer" | "operator" | "warehouse" | "admin";
            } | {
                /** @enum {string} */
                readonly kind: "service";
                readonly service: string;
                readonly trigger?: string;
            };
            /** @description The event's payload, as its contract decoded it, payment tokens redacted */
            readonly data: unknown;
            /**
             * Format: uuid
             * @description A correction (docs/corrections.md): the event it corrects
             */
            readonly corrects?: string;
            /**
             * Format: uuid
             * @description An event that follows a correction in another aggregate (a refund that settles a repricing): that correction
             */
            readonly correction?: string;
            /** @description The corrections of this event in the timeline, oldest first */
            readonly correctedBy?: readonly string[];
        };
        readonly OrderTimeline: {
            readonly orderId: string;
            /** @description In time order; ties broken by stream and version, so every arrival order gives one timeline */
            readonly entries: readonly components["schemas"]["TimelineEntry"][];
        };
        readonly RepricedLine: {
            readonly line: number;
            readonly sku: string;
            readonly quantity: number;
            readonly previousUnitPriceCents: number;
            readonly unitPriceCents: number;
        };
        readonly Repricing: {
            /** @description Counted from 1 */
            readonly number: number;
            /** @enum {string} */
            readonly status: "pending" | "settled" | "reverted";
            /** @description The lines it changed, each with its price before and after: what a reversal restores */
            readonly lines: readonly components["schemas"]["RepricedLine"][];
            readonly previousTotalCents: number;
        };
        readonly OrderState: {
            /** @enum {string} */
            readonly status: "none";
        } | {
            readonly customerId: string;
            readonly currency: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents: number;
            readonly shippingAddress: components["schemas"]["Address"];
            /** @description Always `[redacted]`: the token stays on the write side */
            readonly paymentToken: string;
            /** @description The latest repricing (a correction of the prices), once there has been one */
            readonly repricing?: components["schemas"]["Repricing"];
            /** @enum {string} */
            readonly status: "placed";
        } | {
            readonly customerId: string;
            readonly currency: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents: number;
            readonly shippingAddress: components["schemas"]["Address"];
            /** @description Always `[redacted]`: the token stays on the write side */
            readonly paymentToken: string;
            /** @description The latest repricing (a correction of the prices), once there has been one */
            readonly repricing?: components["schemas"]["Repricing"];
            /** @enum {string} */
            readonly status: "confirmed";
            readonly paymentId: string;
        } | {
            readonly customerId: string;
            readonly currency: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents: number;
            readonly shippingAddress: components["schemas"]["Address"];
            /** @description Always `[redacted]`: the token stays on the write side */
            readonly paymentToken: string;
            /** @description The latest repricing (a correction of the prices), once there has been one */
            readonly repricing?: components["schemas"]["Repricing"];
            /** @enum {string} */
            readonly status: "shipped";
            readonly paymentId: string;
            readonly shipmentId: string;
        } | {
            readonly customerId: string;
            readonly currency: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents: number;
            readonly shippingAddress: components["schemas"]["Address"];
            /** @description Always `[redacted]`: the token stays on the write side */
            readonly paymentToken: string;
            /** @description The latest repricing (a correction of the prices), once there has been one */
            readonly repricing?: components["schemas"]["Repricing"];
            /** @enum {string} */
            readonly status: "delivered";
            readonly paymentId: string;
            readonly shipmentId: string;
        } | {
            readonly customerId: string;
            readonly currency: string;
            readonly lines: readonly components["schemas"]["OrderLine"][];
            readonly totalCents: number;
            readonly shippingAddress: components["schemas"]["Address"];
            /** @description Always `[redacted]`: the token stays on the write side */
            readonly paymentToken: string;
            /** @description The latest repricing (a correction of the prices), once there has been one */
            readonly repricing?: components["schemas"]["Repricing"];
            /** @enum {string} */
            readonly status: "cancelled";
            /** @description Present when the order was confirmed before it was cancelled */
            readonly paymentId?: string;
            /** @description Present when the order was shipped before it was cancelled: its shipment failed */
            readonly shipmentId?: string;
            readonly reason: string;
            readonly refunded: boolean;
        };
        readonly CorrectionMark: {
            /** Format: uuid */
            readonly eventId: string;
            readonly type: string;
            readonly version: number;
            /** Format: date-time */
            readonly occurredAt: string;
            /**
             * Format: uuid
             * @description The event it corrects
             */
            readonly corrects: string;
            readonly reason?: string;
            /** @description Who made the correction */
            readonly actor?: {
                /** @enum {string} */
                readonly kind: "person";
                readonly subject: string;
                /** @enum {string} */
                readonly role: "customer" | "operator" | "warehouse" | "admin";
            } | {
                /** @enum {string} */
                readonly kind: "service";
                readonly service: string;
                readonly trigger?: string;
            };
        };
        readonly RewoundOrder: {
            readonly orderId: string;
            /** @description The version of the last event folded */
            readonly version: number;
            /**
             * Format: date-time
             * @description When the last event folded occurred
             */
            readonly occurredAt: string;
            /** @description Who caused the last event folded; absent for an event from before identities */
            readonly actor?: {
                /** @enum {string} */
                readonly kind: "person";
                readonly subject: string;
                /** @enum {string} */
                readonly role: "customer" | "operator" | "warehouse" | "admin";
            } | {
                /** @enum {string} */
                readonly kind: "service";
                readonly service: string;
                readonly trigger?: string;
            };
            readonly state: components["schemas"]["OrderState"];
            /** @description The corrections folded into this state; absent when none */
            readonly corrections?: readonly components["schemas"]["CorrectionMark"][];
            /** @description Corrections made after this point of events folded into it: this state holds facts since corrected. Absent when none */
            readonly correctedLater?: readonly components["schemas"]["CorrectionMark"][];
        };
        readonly PaymentSettlement: {
            readonly repricing: number;
            /** @enum {string} */
            readonly kind: "partial_refund" | "additional_charge" | "additional_charge_declined";
            /** @description What moved (or, declined, what the card refused) */
            readonly amountCents: number;
            /**
             * Format: uuid
             * @description The `OrderRepriced` it settles
             */
            readonly correction: string;
            readonly declineReason?: string;
            /** Format: date-time */
            readonly occurredAt: string;
        };
        readonly PaymentView: {
            readonly paymentId: string;
            readonly orderId: string;
            /** @enum {string} */
            readonly status: "authorized" | "declined" | "refunded";
            /** @description What it holds (or, refunded, what went back): moved by each settled repricing */
            readonly amountCents: number;
            readonly currency: string;
            readonly declineReason?: string;
            readonly refundReason?: string;
            /** @description The repricings of its order settled against it, oldest first; absent until there is one */
            readonly settlements?: readonly components["schemas"]["PaymentSettlement"][];
            readonly version: number;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        readonly ShipmentView: {
            readonly shipmentId: string;
            readonly orderId: string;
            /** @enum {string} */
            readonly status: "scheduled" | "dispatched" | "delivered" | "failed" | "cancelled";
            readonly address?: components["schemas"]["Address"];
            readonly carrier?: string;
            readonly trackingNumber?: string;
            readonly failureReason?: string;
            /** @description Why its order was cancelled, when it was */
            readonly cancellationReason?: string;
            /** @description Cancelled after the parcel had left with the carrier: it is called back */
            readonly recalled?: boolean;
            /** @description Its order's address was corrected after the parcel had left: the carrier is to redirect it */
            readonly redirected?: boolean;
            /** @description How many deliveries were reversed as recorded by mistake (docs/corrections.md); absent when none */
            readonly deliveriesReversed?: number;
            readonly version: number;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        readonly ProjectionStatus: {
            readonly name: string;
            /** @description The generation queries read */
            readonly live: number;
            /** @enum {string} */
            readonly state: "live" | "rebuilding" | "failed";
            /** @description How far the live generation is behind the log */
            readonly lag: {
                /** @description Records of the source topics the live generation has not folded in yet */
                readonly records: number;
                readonly partitions: readonly {
                    readonly topic: string;
                    readonly partition: number;
                    /** @description The group's committed offset; the partition's start when it has committed nothing yet */
                    readonly position: number;
                    readonly end: number;
                    readonly lag: number;
                }[];
                /** Format: date-time */
                readonly measuredAt: string;
            };
            /** @description The rebuild under way (or failed), when there is one */
            readonly rebuild?: {
                readonly generation: number;
                /** Format: date-time */
                readonly requestedAt: string;
                readonly percent: number;
                readonly progress?: {
                    /** @description Records of the source partitions folded so far (transaction markers count) */
                    readonly done: number;
                    readonly total: number;
                    readonly ratePerSecond: number;
                    /** @description Unknown until a rate has been seen */
                    readonly etaSeconds?: number;
                    /** Format: date-time */
                    readonly updatedAt: string;
                };
                readonly error?: string;
            };
            /** @description Generations no longer live, waiting out their grace period */
            readonly retired: readonly {
                readonly generation: number;
                /** Format: date-time */
                readonly dropAfter: string;
            }[];
        };
        readonly GenerationComparison: {
            readonly projection: string;
            readonly generations: [
                number,
                number
            ];
            /** @description Documents in each generation */
            readonly documents: [
                number,
                number
            ];
            /** @description Ids found in one generation only, the first few of each */
            readonly onlyIn: [
                readonly string[] | readonly string[],
                readonly string[] | readonly string[]
            ];
            /** @description Documents in both that differ, with the first path where they do; the first few */
            readonly different: readonly {
                readonly id: string;
                readonly path: string;
            }[];
            /** @description All differences, counted even past the few listed */
            readonly differences: number;
            /** @description Documents the live generation changed after the positions compared at, while verify ran: not compared */
            readonly inFlight: {
                readonly count: number;
                readonly ids: readonly string[];
            };
            /** @description How both generations were brought to the same log positions, or why they were compared as stored */
            readonly alignment: {
                /** @enum {boolean} */
                readonly aligned: true;
                readonly foldedForward: readonly {
                    readonly generation: number;
                    readonly records: number;
                }[];
            } | {
                /** @enum {boolean} */
                readonly aligned: false;
                readonly reason: string;
            };
        };
        readonly DeadLetter: {
            readonly id: string;
            /** @description The consumer group that gave up on the record */
            readonly consumer: string;
            readonly reason: string;
            /** @description Where the record sits in its topic */
            readonly source: {
                readonly topic: string;
                readonly partition: number;
                /** @description As Kafka gives it: a string */
                readonly offset: string;
            };
            /** @description For a record held behind another letter of its key: that letter */
            readonly heldBehind?: {
                readonly topic: string;
                readonly partition: number;
                /** @description As Kafka gives it: a string */
                readonly offset: string;
            };
            /** Format: date-time */
            readonly at: string;
            readonly key: string | null;
            readonly headers: {
                readonly [key: string]: string;
            };
            readonly replayRequested: boolean;
            /** @description The record as text, when it is UTF-8 (null for a record without one); else valueBase64 */
            readonly value?: string | null;
            /** @description The record in base64, when it is not UTF-8 */
            readonly valueBase64?: string;
        };
        readonly DeadLetterList: {
            /** @description Every letter that matched, also past `limit` */
            readonly total: number;
            readonly deadLetters: readonly components["schemas"]["DeadLetter"][];
        };
        readonly ReplayAnswer: {
            readonly consumer: string;
            /** Format: date-time */
            readonly requestedAt: string;
            /** @description The keys whose letters the consumer will handle again */
            readonly keys: readonly {
                readonly key: string;
                readonly topic: string;
                readonly letters: number;
            }[];
        };
        readonly RepairKind: {
            /** @description How `POST /repairs/plans` and `npm run repair` name it */
            readonly name: string;
            /** @description What the bug did */
            readonly summary: string;
            /** @enum {string} */
            readonly stream: "orders" | "shipments";
            /** @description Its parameters, as a JSON Schema of an object of strings */
            readonly params: {
                readonly properties?: {
                    readonly [key: string]: boolean | ({
                        readonly description?: string;
                    } & {
                        readonly [key: string]: unknown;
                    });
                };
                readonly required?: readonly string[];
            } & {
                readonly [key: string]: unknown;
            };
        };
        readonly RepairResult: {
            /** @enum {string} */
            readonly status: "corrected";
            readonly version: number;
        } | {
            /** @enum {string} */
            readonly status: "already-corrected";
            readonly version: number;
        } | {
            /** @enum {string} */
            readonly status: "changed";
            readonly planVersion: number;
            readonly version: number;
        } | {
            /** @enum {string} */
            readonly status: "refused";
            readonly code: string;
            readonly message: string;
        } | {
            /** @enum {string} */
            readonly status: "rejected" | "failed" | "reused";
            readonly reason: string;
        } | {
            /** @enum {string} */
            readonly status: "pending";
        };
        readonly RepairPlanEntry: {
            readonly aggregateId: string;
            /** @description The version the plan saw: the correction is sent expecting it */
            readonly version: number;
            readonly commandId: string;
            readonly correction: {
                /** @enum {string} */
                readonly type: "CorrectShippingAddress";
                readonly data: {
                    /** Format: uuid */
                    readonly corrects: string;
                    readonly reason: string;
                    readonly address: components["schemas"]["Address"];
                };
            } | {
                /** @enum {string} */
                readonly type: "RepriceOrderLines";
                readonly data: {
                    /** Format: uuid */
                    readonly corrects: string;
                    readonly reason: string;
                    readonly lines: readonly {
                        readonly line: number;
                        readonly sku: string;
                        readonly unitPriceCents: number;
                    }[];
                };
            } | {
                /** @enum {string} */
                readonly type: "ReverseShipmentDelivery";
                readonly data: {
                    /** Format: uuid */
                    readonly corrects: string;
                    readonly reason: string;
                };
            };
            /** @description What the aggregate holds now, for the reviewer */
            readonly holds: {
                readonly [key: string]: unknown;
            };
            readonly money?: {
                readonly currency: string;
                /** @description Negative goes back to the customer */
                readonly cents: number;
            };
            readonly note: string;
        };
        readonly RepairPlan: {
            readonly planId: string;
            readonly repair: string;
            readonly summary: string;
            readonly params: {
                readonly [key: string]: string;
            };
            /** @enum {string} */
            readonly stream: "orders" | "shipments";
            /** @description The events topic read, with its namespace */
            readonly topic: string;
            /** Format: date-time */
            readonly createdAt: string;
            /**
             * @description `incomplete`: applied, with entries skipped, refused or unanswered (applying again retries them)
             * @enum {string}
             */
            readonly status: "planning" | "planned" | "failed" | "applying" | "applied" | "incomplete";
            /** @description Of the read while planning; of the entries while applying */
            readonly progress: {
                readonly done: number;
                readonly total: number;
            };
            readonly error?: string;
            /** @description How far the log was read: every record up to these end offsets */
            readonly read: {
                readonly records: number;
                readonly aggregates: number;
                readonly endOffsets: readonly {
                    readonly partition: number;
                    readonly offset: string;
                }[];
            };
            /** @description Aggregates the bug touched that the plan leaves as they are, and why */
            readonly left: readonly {
                readonly aggregateId: string;
                readonly version: number;
                /** @description What the aggregate holds now, for the reviewer */
                readonly holds: {
                    readonly [key: string]: unknown;
                };
                readonly reason: string;
            }[];
            /** @description Aggregates whose history could not be read: not assessed */
            readonly unreadable: readonly {
                readonly aggregateId: string;
                readonly reason: string;
            }[];
            readonly totals: {
                readonly corrections: number;
                readonly left: number;
                readonly unreadable: number;
                readonly money: readonly {
                    readonly currency: string;
                    /** @description Back to customers */
                    readonly refundCents: number;
                    /** @description More to charge */
                    readonly chargeCents: number;
                }[];
            };
            readonly application?: {
                /** Format: date-time */
                readonly startedAt: string;
                /** Format: date-time */
                readonly finishedAt?: string;
                /** @description Entries by result status */
                readonly counts: {
                    readonly [key: string]: number;
                };
            };
        };
        readonly RepairPlanSummary: {
            readonly planId: string;
            readonly repair: string;
            readonly summary: string;
            readonly params: {
                readonly [key: string]: string;
            };
            /** @enum {string} */
            readonly stream: "orders" | "shipments";
            /** @description The events topic read, with its namespace */
            readonly topic: string;
            /** Format: date-time */
            readonly createdAt: string;
            /**
             * @description `incomplete`: applied, with entries skipped, refused or unanswered (applying again retries them)
             * @enum {string}
             */
            readonly status: "planning" | "planned" | "failed" | "applying" | "applied" | "incomplete";
            /** @description Of the read while planning; of the entries while applying */
            readonly progress: {
                readonly done: number;
                readonly total: number;
            };
            readonly error?: string;
            /** @description How far the log was read: every record up to these end offsets */
            readonly read: {
                readonly records: number;
                readonly aggregates: number;
                readonly endOffsets: readonly {
                    readonly partition: number;
                    readonly offset: string;
                }[];
            };
            readonly totals: {
                readonly corrections: number;
                readonly left: number;
                readonly unreadable: number;
                readonly money: readonly {
                    readonly currency: string;
                    /** @description Back to customers */
                    readonly refundCents: number;
                    /** @description More to charge */
                    readonly chargeCents: number;
                }[];
            };
            readonly application?: {
                /** Format: date-time */
                readonly startedAt: string;
                /** Format: date-time */
                readonly finishedAt?: string;
                /** @description Entries by result status */
                readonly counts: {
                    readonly [key: string]: number;
                };
            };
        };
        readonly RepairPlanList: {
            readonly plans: readonly components["schemas"]["RepairPlanSummary"][];
        };
        readonly RepairPlanDetail: {
            readonly planId: string;
            readonly repair: string;
            readonly summary: string;
            readonly params: {
                readonly [key: string]: string;
            };
            /** @enum {string} */
            readonly stream: "orders" | "shipments";
            /** @description The events topic read, with its namespace */
            readonly topic: string;
            /** Format: date-time */
            readonly createdAt: string;
            /**
             * @description `incomplete`: applied, with entries skipped, refused or unanswered (applying again retries them)
             * @enum {string}
             */
            readonly status: "planning" | "planned" | "failed" | "applying" | "applied" | "incomplete";
            /** @description Of the read while planning; of the entries while applying */
            readonly progress: {
                readonly done: number;
                readonly total: number;
            };
            readonly error?: string;
            /** @description How far the log was read: every record up to these end offsets */
            readonly read: {
                readonly records: number;
                readonly aggregates: number;
                readonly endOffsets: readonly {
                    readonly partition: number;
                    readonly offset: string;
                }[];
            };
            /** @description Aggregates the bug touched that the plan leaves as they are, and why */
            readonly left: readonly {
                readonly aggregateId: string;
                readonly version: number;
                /** @description What the aggregate holds now, for the reviewer */
                readonly holds: {
                    readonly [key: string]: unknown;
                };
                readonly reason: string;
            }[];
            /** @description Aggregates whose history could not be read: not assessed */
            readonly unreadable: readonly {
                readonly aggregateId: string;
                readonly reason: string;
            }[];
            readonly totals: {
                readonly corrections: number;
                readonly left: number;
                readonly unreadable: number;
                readonly money: readonly {
                    readonly currency: string;
                    /** @description Back to customers */
                    readonly refundCents: number;
                    /** @description More to charge */
                    readonly chargeCents: number;
                }[];
            };
            readonly application?: {
                /** Format: date-time */
                readonly startedAt: string;
                /** Format: date-time */
                readonly finishedAt?: string;
                /** @description Entries by result status */
                readonly counts: {
                    readonly [key: string]: number;
                };
            };
            readonly entries: readonly {
                readonly aggregateId: string;
                /** @description The version the plan saw: the correction is sent expecting it */
                readonly version: number;
                readonly commandId: string;
                readonly correction: {
                    /** @enum {string} */
                    readonly type: "CorrectShippingAddress";
                    readonly data: {
                        /** Format: uuid */
                        readonly corrects: string;
                        readonly reason: string;
                        readonly address: components["schemas"]["Address"];
                    };
                } | {
                    /** @enum {string} */
                    readonly type: "RepriceOrderLines";
                    readonly data: {
                        /** Format: uuid */
                        readonly corrects: string;
                        readonly reason: string;
                        readonly lines: readonly {
                            readonly line: number;
                            readonly sku: string;
                            readonly unitPriceCents: number;
                        }[];
                    };
                } | {
                    /** @enum {string} */
                    readonly type: "ReverseShipmentDelivery";
                    readonly data: {
                        /** Format: uuid */
                        readonly corrects: string;
                        readonly reason: string;
                    };
                };
                /** @description What the aggregate holds now, for the reviewer */
                readonly holds: {
                    readonly [key: string]: unknown;
                };
                readonly money?: {
                    readonly currency: string;
                    /** @description Negative goes back to the customer */
                    readonly cents: number;
                };
                readonly note: string;
                readonly result?: components["schemas"]["RepairResult"];
                /** Format: date-time */
                readonly resultAt?: string;
            }[];
        };
        readonly Caller: {
            /** @description The token's subject: a customer's customer id */
            readonly subject: string;
            /**
             * @description The role this request was let in under (the first the caller holds)
             * @enum {string}
             */
            readonly role: "customer" | "operator" | "warehouse" | "admin";
            /** @description The roles of Rewind the token holds, read from the configured claim */
            readonly roles: readonly ("customer" | "operator" | "warehouse" | "admin")[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    readonly OrdersHttpController_list: {
        readonly parameters: {
            readonly query?: {
                /** @description The nextCursor of the page before, as it was given */
                readonly cursor?: string;
                readonly limit?: number;
                readonly status?: "pending" | "placed" | "confirmed" | "shipped" | "delivered" | "cancelled";
                readonly customerId?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description `{ items, nextCursor? }`; nextCursor only when another page may follow */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["OrderPage"];
                };
            };
            /** @description A parameter is invalid; `errors` names each one */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator, warehouse, customer */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly OrdersHttpController_get: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly orderId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The order view */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["OrderView"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator, warehouse, customer */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such order in the read model */
            readonly 404: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly OrdersHttpController_timeline: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly orderId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The order timeline */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["OrderTimeline"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator, customer */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such order in the read model */
            readonly 404: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly OrdersHttpController_state: {
        readonly parameters: {
            readonly query?: {
                /** @description Fold the events that had occurred by this instant (give this or version) */
                readonly at?: string;
                /** @description Fold the events up to this version (give this or at) */
                readonly version?: number;
            };
            readonly header?: never;
            readonly path: {
                readonly orderId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description `{ orderId, version, occurredAt, state, corrections?, correctedLater? }`: version and occurredAt of the last event folded; the corrections folded in, and those made later of events folded in (this state then holds facts since corrected) */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["RewoundOrder"];
                };
            };
            /** @description Not exactly one of version and at, or one that is invalid */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator, customer */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such order, or the point is outside its history */
            readonly 404: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly PaymentsAndShipmentsHttpController_payment: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly paymentId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The payment view */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["PaymentView"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such payment in the read model */
            readonly 404: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly PaymentsAndShipmentsHttpController_shipment: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly shipmentId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The shipment view */
            readonly 200: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["ShipmentView"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: operator, warehouse */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such shipment in the read model */
            readonly 404: {
                headers: {
                    /** @description The read model (projection) the answer was read from */
                    readonly "Rewind-Projection"?: string;
                    /** @description The projection's live generation the answer was read from */
                    readonly "Rewind-Generation"?: number;
                    /** @description Records of the projection’s source topics the live generation had not folded in when measured (at most about a second earlier); `unknown` when Kafka could not be asked */
                    readonly "Rewind-Lag"?: string;
                    /** @description When Rewind-Lag was measured (ISO-8601); absent when it is unknown */
                    readonly "Rewind-Lag-Measured-At"?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly ProjectionsHttpController_all: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The status of every projection */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": readonly components["schemas"]["ProjectionStatus"][];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin, operator */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Kafka or MongoDB did not answer */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly ProjectionsHttpController_one: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The projection’s status */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["ProjectionStatus"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin, operator */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such projection; `known` lists them */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Kafka or MongoDB did not answer */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly ProjectionsHttpController_rebuild: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Recorded: the status, with Location to follow it */
            readonly 202: {
                headers: {
                    /** @description The projection’s status */
                    readonly Location?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["ProjectionStatus"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such projection; `known` lists them */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Kafka or MongoDB did not answer */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly ProjectionsHttpController_verify: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The comparison: documents in each generation, ids in one only, documents that differ and where; `inFlight`: documents the live generation changed while verify ran, not compared; `alignment`: how both were brought to the same positions, or why they were compared as stored */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["GenerationComparison"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such projection; `known` lists them */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description There is only the live generation: nothing to compare it with */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly DeadLettersHttpController_list: {
        readonly parameters: {
            readonly query?: {
                readonly limit?: number;
                /** @description The source record’s key (an aggregate id) */
                readonly key?: string;
                /** @description A consumer group, such as projection.orders.g1 or payments.reactions */
                readonly consumer?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description `{ total, deadLetters }`: the letters, at most `limit`, and how many there are */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["DeadLetterList"];
                };
            };
            /** @description A parameter is invalid; `errors` names each one */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Kafka did not answer */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly DeadLettersHttpController_replay: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    readonly consumer: string;
                    readonly key?: string;
                };
            };
        };
        readonly responses: {
            /** @description Requested: `{ consumer, requestedAt, keys }`; `GET /dead-letters` shows the letters until they are released */
            readonly 202: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["ReplayAnswer"];
                };
            };
            /** @description The body is invalid; `errors` names each field */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The consumer holds no dead letters (of that key) */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No member of the consumer group runs, so nobody would carry the replay out; `consumer` names the group */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The body is over the size limit */
            readonly 413: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The body is not JSON, or not in a charset JSON is read in */
            readonly 415: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Kafka did not answer */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly RepairsHttpController_catalog: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The repairs */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": readonly components["schemas"]["RepairKind"][];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly RepairsHttpController_list: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description `{ plans }`, newest first */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["RepairPlanList"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly RepairsHttpController_plan: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    /** @enum {string} */
                    readonly repair: "unit-price";
                    readonly params: {
                        readonly [key: string]: string;
                    };
                };
            };
        };
        readonly responses: {
            /** @description Planning: the plan so far, with Location to follow it */
            readonly 202: {
                headers: {
                    /** @description The plan */
                    readonly Location?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["RepairPlan"];
                };
            };
            /** @description The body is invalid; `errors` names each field */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such repair */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The body is over the size limit */
            readonly 413: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The body is not JSON, or not in a charset JSON is read in */
            readonly 415: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The repair refuses these parameters; `detail` names each */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly RepairsHttpController_get: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly planId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The plan */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["RepairPlanDetail"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such plan */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly RepairsHttpController_apply: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly planId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Applying: the plan, with Location to follow it */
            readonly 202: {
                headers: {
                    /** @description The plan */
                    readonly Location?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["RepairPlan"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description No such plan */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The plan is still reading the log, or failed */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
    readonly MeHttpController_me: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The verified caller */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["Caller"];
                };
            };
            /** @description No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`) */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description The caller holds none of the roles of this endpoint: customer, operator, warehouse, admin */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
            /** @description Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again */
            readonly 429: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        readonly type: string;
                        readonly title: string;
                        readonly status: number;
                        readonly detail?: string;
                        readonly errors?: readonly {
                            readonly field: string;
                            readonly message: string;
                        }[];
                    };
                };
            };
        };
    };
}
