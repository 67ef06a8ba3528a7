import { Generations, generationCollection, type ProjectionStatusReader, type StoredDocument } from '@rewind/projection-runtime';
import type { Response } from 'express';
import type { Collection, Db, Filter } from 'mongodb';
import { valueWithin } from './deadline';
import { stalenessHeaders } from './staleness';

/** One page of a read model, in `_id` order. */
export interface Page<M> {
  readonly items: M[];
  /** The `_id` of the last item, when more may follow it. */
  readonly continueAfter?: string;
}

/** One projection's live generation, as a request reads it. */
export class ReadModel<M> {
  constructor(
    readonly projection: string,
    readonly generation: number,
    private readonly documents: Collection<StoredDocument<M>>,
  ) {}

  /** The model of one document; what the projector keeps beside it (`applied`) stays inside. */
  async get(id: string): Promise<M | undefined> {
    const document = await this.documents.findOne({ _id: id }, { projection: { model: 1 } });
    return document?.model;
  }

  /** Documents whose model fields equal `where`, after the `_id` `after`, in `_id` order. */
  async page(where: Readonly<Partial<Record<keyof M & string, string>>>, after: string | undefined, limit: number): Promise<Page<M>> {
    const filter: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(where)) if (value !== undefined) filter[`model.${field}`] = value;
    if (after !== undefined) filter['_id'] = { $gt: after };
    // one more than asked tells whether another page follows, without a count
    const documents = await this.documents
      .find(filter as Filter<StoredDocument<M>>, { projection: { model: 1 } })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .toArray();
    const items = documents.slice(0, limit);
    const last = items[items.length - 1];
    return documents.length > limit && last ? { items: items.map((document) => document.model), continueAfter: last._id } : { items: items.map((document) => document.model) };
  }
}

/**
 * Where every read endpoint opens its projection: the generation live at this request (a rebuild's
 * flip is followed at once), with the answer's staleness headers set before anything else can
 * fail, so that a 404 carries them too.
 */
export class ReadModels {
  private readonly generations: Generations;

  constructor(
    private readonly db: Db,
    private readonly status: ProjectionStatusReader,
    private readonly lagTimeoutMs: number,
  ) {
    this.generations = new Generations(db);
  }

  async open<M>(projection: string, response: Response): Promise<ReadModel<M>> {
    // Kafka only tells how stale the answer is: without it, the answer still goes out, its lag unknown
    const [{ live }, status] = await Promise.all([this.generations.pointer(projection), valueWithin(this.status.status(projection), this.lagTimeoutMs)]);
    response.set(stalenessHeaders(projection, live, status));
    return new ReadModel<M>(projection, live, this.db.collection<StoredDocument<M>>(generationCollection(projection, live)));
  }
}
