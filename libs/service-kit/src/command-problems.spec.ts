import { problemFor } from './command-problems';

describe('the problems of command outcomes', () => {
  it('answers a reused Idempotency-Key 422 idempotency_key_reused, naming the header', () => {
    expect(problemFor({ status: 'reused', commandId: 'key-1', aggregateId: 'o-1' })?.problem).toEqual({
      type: 'https://rewind.dev/problems/idempotency-key-reused',
      title: 'The Idempotency-Key was used before for another request',
      status: 422,
      detail: expect.stringContaining('key-1'),
      code: 'idempotency_key_reused',
      errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
  });

  it('answers a command whose handler failed 500, naming the command and not the handler’s error', () => {
    const problem = problemFor({ status: 'failed', commandId: 'key-2', aggregateId: 'o-1', version: 3, reason: 'decide threw: secret detail' })?.problem;
    expect(problem).toMatchObject({ type: 'https://rewind.dev/problems/command-failed', status: 500, commandId: 'key-2', version: 3, detail: expect.stringContaining('key-2') });
    expect(JSON.stringify(problem)).not.toContain('secret detail');
  });
});
