import { statusLines } from './stack-status';

describe('statusLines', () => {
  it('shows the stack, then each app: ready with its process, or when it starts again after a crash', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(
      statusLines(
        {
          stack: {
            ownerPid: 100,
            mode: 'local',
            startedAt: '2026-12-03T09:00:00.000Z',
            kafkaBrokers: '127.0.0.1:40123',
            mongoUri: 'mongodb://127.0.0.1:38111/',
            dataDir: '/home/dev/.local/share/rewind',
            serverPids: [101, 102],
          },
          apps: [
            { name: 'order-service', phase: 'ready', pid: 200, restarts: 0, lastExit: undefined, nextStartAt: undefined, url: 'http://127.0.0.1:3001/docs' },
            { name: 'projector', phase: 'waiting', pid: undefined, restarts: 2, lastExit: 'code 1', nextStartAt: '2026-12-03T10:00:04.000Z', url: 'http://127.0.0.1:3005/health/ready' },
          ],
        },
        now,
      ),
    ).toEqual([
      'Rewind dev stack (local), process 100, since 2026-12-03T09:00:00.000Z',
      '  KAFKA_BROKERS=127.0.0.1:40123',
      '  MONGODB_URI=mongodb://127.0.0.1:38111/',
      '  data: /home/dev/.local/share/rewind',
      '  order-service  ready, process 200  http://127.0.0.1:3001/docs',
      '  projector      restarting in 4 s, 2 restarts (last exit code 1)  http://127.0.0.1:3005/health/ready',
    ]);
  });
});
