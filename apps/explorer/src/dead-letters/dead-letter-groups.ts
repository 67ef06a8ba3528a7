import type { DeadLetter } from '../api/query-api.types';

/** The letters one consumer holds for one key: a replay is asked for per consumer and key. */
export interface DeadLetterGroup {
  readonly consumer: string;
  readonly key: string | null;
  readonly letters: readonly DeadLetter[];
  /** A replay was asked for and the consumer has not taken it up yet. */
  readonly replayRequested: boolean;
}

/** Pure: letters grouped by consumer, then key, in the order the API listed them (oldest first per key). */
export function groupDeadLetters(letters: readonly DeadLetter[]): DeadLetterGroup[] {
  const groups = new Map<string, { consumer: string; key: string | null; letters: DeadLetter[] }>();
  for (const letter of letters) {
    const id = JSON.stringify([letter.consumer, letter.key]);
    const group = groups.get(id) ?? { consumer: letter.consumer, key: letter.key, letters: [] };
    group.letters.push(letter);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, replayRequested: group.letters.some((letter) => letter.replayRequested) }))
    .sort((a, b) => a.consumer.localeCompare(b.consumer));
}

/** Pure: a letter's value for reading: the text, or a note that it is binary. */
export function letterValueText(letter: DeadLetter): string {
  if (letter.valueBase64 !== undefined) return `(binary, base64) ${letter.valueBase64}`;
  if (letter.value === null || letter.value === undefined) return '(no value)';
  try {
    return JSON.stringify(JSON.parse(letter.value), null, 2);
  } catch {
    return letter.value;
  }
}
