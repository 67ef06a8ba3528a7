import { spawnSync } from 'node:child_process';

/** One finding of `hadolint --format json`. */
interface HadolintFinding {
  readonly line: number;
  readonly code: string;
  readonly level: 'error' | 'warning' | 'info' | 'style';
  readonly message: string;
}

/**
 * hadolint's findings on a Dockerfile that fail the check, as problem strings. The config file
 * sets the failure threshold (warning): hadolint exits non-zero exactly when one of them is at or
 * above it, and only those are reported here.
 */
export function hadolintProblems(binary: string, dockerfile: string, config: string): string[] {
  const run = spawnSync(binary, ['--config', config, '--no-color', '--format', 'json', dockerfile], { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`could not run hadolint (${binary}): ${run.error.message}`);
  if (run.status === 0) return [];
  let findings: HadolintFinding[];
  try {
    findings = JSON.parse(run.stdout) as HadolintFinding[];
  } catch {
    return [`hadolint exited with ${run.status}: ${run.stderr || run.stdout}`.trim()];
  }
  const failing = findings.filter((finding) => finding.level === 'error' || finding.level === 'warning');
  if (failing.length === 0) return [`hadolint exited with ${run.status} without a finding at warning level or above: ${run.stderr}`.trim()];
  return failing.map((finding) => `line ${finding.line}: ${finding.code} (${finding.level}) ${finding.message}`);
}
