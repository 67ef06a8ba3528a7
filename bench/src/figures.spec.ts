import { QUICK, Samples } from './context';
import { buildBreakdown } from './figures';

describe('buildBreakdown', () => {
  it('gives each measured level its medians over the runs, with the servers first among the processes', () => {
    const samples = new Samples();
    for (const [key, values] of Object.entries({
      'alone.1.rate': [100, 120, 110],
      'alone.1.producer-ms': [2, 3, 4],
      'alone.1.cpu.order-service': [0.5, 0.6, 0.4],
      'alone.1.cpu.kafka': [0.9, 1, 0.8],
      'orders.1.10.rate': [20],
      'orders.1.10.cpu.projector': [0.3],
      'orders.1.10.cpu.ferretdb': [0.2],
    })) {
      for (const value of values) samples.add(key, value);
    }
    const rows = buildBreakdown(samples, QUICK);
    expect(rows).toEqual([
      { label: 'order service alone, 1 in flight', rate: 110, producerMs: 3, cores: { kafka: 0.9, 'order-service': 0.5 } },
      { label: 'with the saga, 1 instance, 10 in flight', rate: 20, cores: { ferretdb: 0.2, projector: 0.3 } },
    ]);
    expect(Object.keys(rows[0]?.cores ?? {})).toEqual(['kafka', 'order-service']);
  });
});
