import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, HealthModule, RateLimitGuard, rateLimitModule, TOKEN_VERIFIER, type RateLimitSettings, type TokenVerifier } from '@rewind/service-kit';
import type { Admin } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { Registry } from 'prom-client';
import { DeadLetters } from './dead-letters/dead-letters';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { Probes } from './health/probes';
import { MeModule } from './me/me.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsAndShipmentsModule } from './payments-and-shipments/payments-and-shipments.module';
import { Projections } from './projections/projections';
import { ProjectionsModule } from './projections/projections.module';
import { ReadModels } from './read-models/read-models';
import { Repairs } from './repairs/repairs';
import { RepairsModule } from './repairs/repairs.module';

/** The one Kafka admin client and the one MongoDB client of the process, and what is built on them. */
export interface QueryApiParts {
  readonly admin: Admin;
  readonly mongo: MongoClient;
  readonly readModels: ReadModels;
  readonly projections: Projections;
  readonly probes: Probes;
  readonly deadLetters: DeadLetters;
  readonly repairs: Repairs;
  /** Verifies the callers' bearer tokens (AccessGuard). */
  readonly verifier: TokenVerifier;
  /** How many requests a client may make (RateLimitGuard). */
  readonly rateLimit: RateLimitSettings;
  /** What /metrics serves. */
  readonly registry: Registry;
}

const PARTS = Symbol('QUERY_API_PARTS');

/** The query API: its features, and the clients they share, closed when the app closes. */
@Module({})
export class QueryApiModule implements OnApplicationShutdown {
  constructor(@Inject(PARTS) private readonly parts: QueryApiParts) {}

  /** `logging`: the app's logger as Nest's (service-kit's loggingModule). */
  static with(parts: QueryApiParts, logging: DynamicModule): DynamicModule {
    const shared = [
      { provide: ReadModels, useValue: parts.readModels },
      { provide: Projections, useValue: parts.projections },
      { provide: Probes, useValue: parts.probes },
      { provide: DeadLetters, useValue: parts.deadLetters },
      { provide: Repairs, useValue: parts.repairs },
      { provide: TOKEN_VERIFIER, useValue: parts.verifier },
    ];
    return {
      module: QueryApiModule,
      global: true,
      imports: [
        logging,
        rateLimitModule(parts.rateLimit),
        // ready when MongoDB answers (the reads) and Kafka answers (their staleness, and rebuild requests)
        HealthModule.for({ ready: async () => ({ checks: await parts.probes.check() }), registry: parts.registry }),
        OrdersModule,
        PaymentsAndShipmentsModule,
        ProjectionsModule,
        DeadLettersModule,
        RepairsModule,
        MeModule,
      ],
      // the rate limit first: a flood is cut before its tokens are looked at further
      providers: [{ provide: PARTS, useValue: parts }, { provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: AccessGuard }, ...shared],
      exports: shared.map((provider) => provider.provide),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // the HTTP server has stopped taking requests by now; a repair under way finishes its work first
    await this.parts.repairs.stop();
    await Promise.allSettled([this.parts.admin.disconnect(), this.parts.mongo.close()]);
  }
}
