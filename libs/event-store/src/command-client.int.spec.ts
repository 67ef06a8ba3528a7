import { serviceTopics } from '@rewind/contracts';
import { createTestTopics, testKafka, uniqueName } from '@rewind/testing';
import type { Kafka, Producer } from 'kafkajs';
import { TopicCommandClient } from './command-client';
import { CommandProcessor } from './command-processor';
import { EventStoreError } from './errors';
import { tallyCommand, tallySpec, type TallyCommand } from './testing/tally';

describe('the command client, on a real broker', () => {
  const kafka = testKafka(uniqueName('command-client'));

  it('fails a send that Kafka does not take in time with a retriable error, and sends the next one through a fresh producer', async () => {
    const service = uniqueName('tally');
    await createTestTopics(serviceTopics(service, 1));
    // the first producer's sends never settle, as the fault suite saw other kafkajs calls do after cut connections
    const producers: Producer[] = [];
    const hanging: Kafka = Object.create(kafka);
    hanging.producer = (config) => {
      const producer = kafka.producer(config);
      if (producers.length === 0) producer.send = () => new Promise(() => undefined);
      producers.push(producer);
      return producer;
    };
    const processor = new CommandProcessor({ ...tallySpec, kafka, service, sessionTimeoutMs: 6_000 });
    const client = new TopicCommandClient<TallyCommand>({ kafka: hanging, service, commands: tallySpec.commands, timeoutMs: 30_000, sendDeadlineMs: 1_000 });
    try {
      await Promise.all([processor.start(), client.start()]);
      const command = tallyCommand('tally-1', 3);
      const missed = client.send(command);
      await expect(missed).rejects.toThrow(EventStoreError);
      await expect(missed).rejects.toThrow(`sending command ${command.commandId} to ${service}.commands did not come within 1000 ms`);
      await expect(missed.catch((error: EventStoreError) => error.retriable)).resolves.toBe(true);

      // sent again, as a caller told to retry does: decided once
      expect(await client.send(command)).toEqual({ status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 });
      expect(producers).toHaveLength(2);
    } finally {
      await Promise.all([client.stop(), processor.stop()]);
    }
  });
});
