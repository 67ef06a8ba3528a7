import { InvalidMessageError } from '../messages';

/** The error a codec refused a message with; fails if the message was accepted. */
export function refusal(act: () => unknown): InvalidMessageError {
  try {
    act();
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  throw new Error('the message was accepted');
}
