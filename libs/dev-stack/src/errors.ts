/** A failure of the dev stack that a developer can act on: what went wrong, and how to fix it. */
export class DevStackError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(hint ? `${message}\n  → ${hint}` : message);
    this.name = 'DevStackError';
  }
}
