import type { RebuildProgress } from '@rewind/projection-runtime';

const grouped = (value: number) => Math.round(value).toLocaleString('en-US');

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '?';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Pure: one line of a rebuild's progress, `orders g2 [█████░░░░░]  52%  10,400/20,000 records  3,400/s  ETA 3s`. */
export function progressLine(label: string, progress: Pick<RebuildProgress, 'done' | 'total' | 'ratePerSecond' | 'etaSeconds'>, width = 30): string {
  const fraction = progress.total === 0 ? 1 : Math.min(progress.done / progress.total, 1);
  const filled = Math.floor(fraction * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${label} [${bar}] ${percent}  ${grouped(progress.done)}/${grouped(progress.total)} records  ${grouped(progress.ratePerSecond)}/s  ETA ${duration(progress.etaSeconds)}`;
}

/**
 * Draws progress on a terminal, redrawing one line in place; where the output is not a terminal
 * (a Kubernetes Job's log) it writes a line every `everyMs` instead.
 */
export class ProgressBar {
  private lastLineAt = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly label: string,
    private readonly everyMs = 5_000,
  ) {}

  draw(progress: RebuildProgress | undefined, final = false): void {
    if (!progress) return;
    const line = progressLine(this.label, progress);
    if (this.out.isTTY) {
      this.out.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
    } else if (final || Date.now() - this.lastLineAt >= this.everyMs) {
      this.out.write(`${line}\n`);
      this.lastLineAt = Date.now();
    }
  }
}
