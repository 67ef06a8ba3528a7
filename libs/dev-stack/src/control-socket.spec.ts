import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askControl, serveControl, type ControlRequest } from './control-socket';

describe('the control socket', () => {
  it('answers each request with what the handler gives, and a failure with its message', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'control-')), 'control.sock');
    // one left behind by an owner that was SIGKILLed
    writeFileSync(path, '');
    const server = await serveControl(path, async (request: ControlRequest) => {
      if (request.command === 'restart') throw new Error(`no app "${request.apps.join(', ')}" runs`);
      return { apps: ['order-service'] };
    });
    try {
      await expect(askControl(path, { command: 'status' })).resolves.toEqual({ apps: ['order-service'] });
      await expect(askControl(path, { command: 'restart', apps: ['nope'] })).rejects.toThrow('no app "nope" runs');
    } finally {
      server.close();
    }
    await expect(askControl(path, { command: 'status' })).rejects.toThrow(/cannot reach the running stack through .*control.sock/);
  });
});
