import type { EventEnvelope } from '@rewind/contracts';
import { reactionCommand } from './event-store.transport';

const trigger: EventEnvelope = {
  eventId: '6f1c2a4e-93b1-5d7e-8a55-0c1d2e3f4a5b',
  type: 'PaymentAuthorized',
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-27T10:00:00.000Z',
  commandId: 'cmd-authorize',
  correlationId: 'req-42',
  causationId: 'cmd-authorize',
  data: {},
};

describe('reactionCommand', () => {
  it('derives everything that identifies the command from its trigger, so a redelivery repeats it exactly', () => {
    const react = () => reactionCommand(trigger, { type: 'ConfirmOrder', aggregateId: 'order-1', data: { paymentId: 'order-1' } });
    expect(react()).toEqual(react());
    expect(react()).toEqual({
      commandId: '6f1c2a4e-93b1-5d7e-8a55-0c1d2e3f4a5b:ConfirmOrder',
      type: 'ConfirmOrder',
      aggregateId: 'order-1',
      issuedAt: trigger.occurredAt,
      correlationId: 'req-42',
      causationId: trigger.eventId,
      data: { paymentId: 'order-1' },
    });
  });

  it('gives two reactions to one event different ids', () => {
    const confirm = reactionCommand(trigger, { type: 'ConfirmOrder', aggregateId: 'order-1', data: {} });
    const ship = reactionCommand(trigger, { type: 'ScheduleShipment', aggregateId: 'order-1', data: {} });
    expect(confirm.commandId).not.toBe(ship.commandId);
  });
});
