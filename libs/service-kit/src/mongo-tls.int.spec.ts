import { securedMongoAvailable, startSecuredMongo, uniqueName, type SecuredFerretDb } from '@rewind/testing';
import { MongoClient } from 'mongodb';
import { appSettings, commonSettings, mongoClientOptions, mongoSettings, readConfig } from './config';

// The apps' MongoDB settings against a real MongoDB-wire server that, like the prod overlay's
// MongoDB, takes clients only over TLS and signed in (SCRAM-SHA-256): a FerretDB of this suite's own,
// with its TLS listener and its new authentication. A client built from the settings the way every
// app builds one (mongoClientOptions) gets in with its user's password and the CA, and is refused
// without either.
const settings = appSettings({ ...commonSettings, ...mongoSettings });
// characters a password in a URI would need percent-encoded: given apart, it needs nothing
const user = { database: uniqueName('mongo-tls'), username: 'projector', password: 'p@ss/w:rd%41?&=+' };

// skipped, and counted as skipped, where FerretDB is not built on this machine (containers, external servers)
(securedMongoAvailable() ? describe : describe.skip)('MongoDB sign-in and TLS through mongoClientOptions', () => {
  let mongo: SecuredFerretDb;
  beforeAll(async () => {
    mongo = await startSecuredMongo(user);
  });
  afterAll(async () => mongo?.server.stop());

  /** The settings of an app that signs in as `user` over TLS, as the prod overlay gives them. */
  const signedIn = () => ({
    MONGODB_URI: `${mongo.mongoUri}&authMechanism=SCRAM-SHA-256&authSource=${user.database}`,
    MONGODB_DATABASE: user.database,
    MONGODB_TLS_CA_FILE: mongo.caFile,
    MONGODB_USERNAME: user.username,
    MONGODB_PASSWORD: user.password,
  });

  /** Writes a document as a client built from these settings, and counts the collection's documents. */
  async function writeAndCount(env: Record<string, string | undefined>): Promise<number> {
    const config = readConfig(settings, { KAFKA_BROKERS: 'unused:9092', ...env });
    // a generous deadline: a refused client waits it out before it gives up
    const client = new MongoClient(config.MONGODB_URI, { ...mongoClientOptions(config), serverSelectionTimeoutMS: 10_000 });
    try {
      const probe = client.db(config.MONGODB_DATABASE).collection('probe');
      await probe.insertOne({ from: 'mongo-tls.int.spec' });
      return await probe.countDocuments();
    } finally {
      await client.close();
    }
  }

  it('signs in as MONGODB_USERNAME with MONGODB_PASSWORD over TLS, trusting MONGODB_TLS_CA_FILE, and writes', async () => {
    expect(await writeAndCount(signedIn())).toBeGreaterThanOrEqual(1);
  });

  it('is refused with a wrong password', async () => {
    await expect(writeAndCount({ ...signedIn(), MONGODB_PASSWORD: `${user.password}-wrong` })).rejects.toThrow(/Authentication failed/i);
  });

  it('is refused signed in as no one', async () => {
    const anonymous = { ...signedIn(), MONGODB_URI: mongo.mongoUri, MONGODB_USERNAME: undefined, MONGODB_PASSWORD: undefined };
    await expect(writeAndCount(anonymous)).rejects.toThrow(/authenticat/i);
  });

  it('does not connect without the CA: the server’s certificate is not trusted', async () => {
    await expect(writeAndCount({ ...signedIn(), MONGODB_TLS_CA_FILE: undefined })).rejects.toThrow(/certificate/i);
  });

  it('does not connect in the clear to a server that requires TLS', async () => {
    const clear = { ...signedIn(), MONGODB_URI: signedIn().MONGODB_URI.replace('tls=true&', ''), MONGODB_TLS_CA_FILE: undefined };
    // the server closes a connection that does not start with a TLS handshake
    await expect(writeAndCount(clear)).rejects.toThrow(/Server selection timed out|closed/i);
  });
});
