const grouped = (value: number) => Math.round(value).toLocaleString('en-US');

/** Pure: one line of progress, `plan unit-price [█████░░░░░]  52%  10,400/20,000 records`. */
export function progressLine(label: string, done: number, total: number, unit: string, width = 30): string {
  const fraction = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.floor(fraction * width);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${`${Math.floor(fraction * 100)}%`.padStart(4)}  ${grouped(done)}/${grouped(total)} ${unit}`;
}

/**
 * Progress on stderr (stdout is for results): one line redrawn in place on a terminal; elsewhere
 * (a Job's log, a test) a line every `everyMs`, and the last one.
 */
export class ProgressBar {
  private lastLineAt = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly label: string,
    private readonly unit: string,
    private readonly everyMs = 5_000,
  ) {}

  draw(done: number, total: number, final = false): void {
    const line = progressLine(this.label, done, total, this.unit);
    if (this.out.isTTY) {
      this.out.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
    } else if (final || Date.now() - this.lastLineAt >= this.everyMs) {
      this.out.write(`${line}\n`);
      this.lastLineAt = Date.now();
    }
  }
}
