import { parseConsumerPerformance, parseProducerPerformance } from './kafka-tools';

describe('parseProducerPerformance', () => {
  it('reads the summary line, not the progress lines before it', () => {
    const output = [
      '245713 records sent, 49132.8 records/sec (23.99 MB/sec), 512.3 ms avg latency, 900.0 ms max latency.',
      '500000 records sent, 98716.683119 records/sec (48.20 MB/sec), 312.59 ms avg latency, 640.00 ms max latency, 307 ms 50th, 540 ms 95th, 600 ms 99th, 632 ms 99.9th.',
    ].join('\n');
    expect(parseProducerPerformance(output)).toEqual({ records: 500000, recordsPerSecond: 98716.683119, p50: 307, p99: 600 });
  });

  it('says so when there is no summary', () => {
    expect(() => parseProducerPerformance('Exception in thread "main"')).toThrow('no summary line');
  });
});

describe('parseConsumerPerformance', () => {
  it('reads the value under fetch.nMsg.sec', () => {
    const output = [
      'WARNING: something',
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
      '2026-11-27 15:00:00:000, 2026-11-27 15:00:05:000, 244.1406, 48.8281, 500000, 100000.0000, 3012, 1988, 122.7, 251509.0543',
    ].join('\n');
    expect(parseConsumerPerformance(output)).toEqual({ records: 500000, fetchRecordsPerSecond: 251509.0543 });
  });
});
