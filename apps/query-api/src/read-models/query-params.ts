import { invalidRequest, type FieldProblem, type HttpProblem } from '@rewind/service-kit';

/**
 * Reads a query string's parameters, collecting what is wrong with them so that one 400 names
 * every parameter at fault, each by its name in the URL.
 */
export class QueryParams {
  private readonly problems: FieldProblem[] = [];

  constructor(
    private readonly query: Readonly<Record<string, unknown>>,
    known: readonly string[],
  ) {
    // a misspelt filter would otherwise widen the answer without a word
    for (const name of Object.keys(query)) {
      if (!known.includes(name)) this.fail(name, `unknown parameter; expected ${known.join(', ')}`);
    }
  }

  /** The parameter's one value; a repeated parameter is a problem. */
  text(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined || typeof value === 'string') return value;
    this.fail(name, 'expected one value');
    return undefined;
  }

  /** A page size: a whole number from 1 to `max`, `fallback` when absent. */
  limit(name: string, { default: fallback, max }: { readonly default: number; readonly max: number }): number {
    const text = this.text(name);
    const limit = text === undefined ? fallback : /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(limit >= 1 && limit <= max)) this.fail(name, `expected a whole number from 1 to ${max}`);
    return limit;
  }

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** The 400 naming this parameter, and any other found at fault before it. */
  refuse(field: string, message: string): HttpProblem {
    this.fail(field, message);
    return invalidRequest(this.problems);
  }

  /** The parsed query, or the 400 naming every parameter at fault. */
  done<T>(parsed: T): T {
    if (this.problems.length > 0) throw invalidRequest(this.problems);
    return parsed;
  }
}
