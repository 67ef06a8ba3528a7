import { EventStoreError } from './errors';
import { watchedUntilDone, withinDeadline } from './deadline';

describe('deadlines', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fails a call that does not settle in time with a retriable error, and abandons it', async () => {
    const abandon = jest.fn();
    const call = withinDeadline(new Promise(() => undefined), 1_000, 'the offsets of t', abandon);
    jest.advanceTimersByTime(1_000);
    await expect(call).rejects.toThrow(new EventStoreError('the offsets of t did not come within 1000 ms', true));
    expect(abandon).toHaveBeenCalledTimes(1);
  });

  it('tells once of work that is overdue, and lets it go on', async () => {
    const overdue = jest.fn();
    let finish: (value: string) => void = () => undefined;
    const work = watchedUntilDone(() => new Promise<string>((resolve) => (finish = resolve)), 1_000, overdue);
    jest.advanceTimersByTime(999);
    expect(overdue).not.toHaveBeenCalled();
    jest.advanceTimersByTime(5_000);
    expect(overdue).toHaveBeenCalledTimes(1);
    finish('done');
    await expect(work).resolves.toBe('done');
  });

  it('says nothing of work that settles in time, failed or not', async () => {
    const overdue = jest.fn();
    await expect(watchedUntilDone(async () => 'done', 1_000, overdue)).resolves.toBe('done');
    await expect(watchedUntilDone(async () => Promise.reject(new Error('no')), 1_000, overdue)).rejects.toThrow('no');
    jest.advanceTimersByTime(5_000);
    expect(overdue).not.toHaveBeenCalled();
  });
});
