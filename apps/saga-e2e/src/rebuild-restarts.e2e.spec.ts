import { POINTERS_COLLECTION, type GenerationPointer, type ProjectionStatus } from '@rewind/projection-runtime';
import { eventually, http, type Saga, startSaga, testServers } from '@rewind/testing';
import { MongoClient, type Db } from 'mongodb';
import { runLoad } from './load';
import { ProjectionsCli } from './projections-cli';

const MINUTES = 60_000;

// The rebuild Job (k8s/jobs/rebuild-projection.yaml) runs `rebuild <projection>` with
// REBUILD_REQUEST_ID set to the Job's uid, the same in every pod it starts: running the command
// again with the same id is what a retried pod does.
describe('a rebuild Job run again under the same request id', () => {
  let saga: Saga;
  let mongo: MongoClient;
  let db: Db;

  beforeAll(async () => {
    saga = await startSaga();
    mongo = await MongoClient.connect(testServers().mongoUri);
    db = mongo.db(saga.database);
    await runLoad(saga, 28, 7);
  }, 5 * MINUTES);
  afterAll(async () => {
    await ProjectionsCli.killAll();
    await saga?.stop();
    await mongo?.close();
  });

  const pointer = async (projection: string) => db.collection<GenerationPointer>(POINTERS_COLLECTION).findOne({ _id: projection });
  const status = async (projection: string) => (await http<ProjectionStatus>(saga.query.url(`/projections/${projection}`))).body;

  it(
    'finds its own rebuild flipped, exits 0, and starts no other',
    async () => {
      const job = { REBUILD_REQUEST_ID: 'job-uid-1' };
      const first = await ProjectionsCli.run(saga, ['rebuild', 'payments'], job);
      expect({ code: first.code, printed: first.printed }).toEqual({ code: 0, printed: expect.stringContaining('flipped: payments now reads generation 2') });

      // the pod restarted after the flip (killed before it could exit 0, or evicted)
      const again = await ProjectionsCli.run(saga, ['rebuild', 'payments'], job);
      expect({ code: again.code, printed: again.printed }).toEqual({ code: 0, printed: expect.stringContaining('the rebuild asked for as job-uid-1 flipped to generation 2') });
      expect(await pointer('payments')).toMatchObject({ live: 2, lastGeneration: 2 });
      expect((await pointer('payments'))?.rebuild).toBeUndefined();
    },
    5 * MINUTES,
  );

  it(
    'stops for good (exit 3) once another run gave its rebuild up, and, run again, starts nothing',
    async () => {
      const job = { REBUILD_REQUEST_ID: 'job-uid-2' };
      // slowed right down, so that another run can give it up half way
      const slow = new ProjectionsCli(saga, ['rebuild', 'shipments', '--max-rate', '1'], job);
      await eventually(() => status('shipments'), (current) => current.state === 'rebuilding' && current.rebuild?.generation === 2, 2 * MINUTES);
      const fresh = await ProjectionsCli.run(saga, ['rebuild', 'shipments', '--fresh']);
      expect({ code: fresh.code, printed: fresh.printed }).toEqual({ code: 0, printed: expect.stringContaining('flipped: shipments now reads generation 3') });

      // the Job's own run: its rebuild was given up, which no retry can change; a Job fails at once on 3
      expect({ code: await slow.exited, printed: slow.printed }).toEqual({ code: 3, printed: expect.stringContaining('the rebuild asked for as job-uid-2 (generation 2) was given up') });
      const retried = await ProjectionsCli.run(saga, ['rebuild', 'shipments'], job);
      expect({ code: retried.code, printed: retried.printed }).toEqual({ code: 3, printed: expect.stringContaining('was given up') });
      expect(await pointer('shipments')).toMatchObject({ live: 3, lastGeneration: 3 });
      expect((await pointer('shipments'))?.rebuild).toBeUndefined();
    },
    5 * MINUTES,
  );
});
