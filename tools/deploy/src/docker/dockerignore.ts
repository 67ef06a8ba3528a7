import { posix } from 'node:path';
import { parseCopy } from './image-layout';
import { parseDockerfile, stagesOf } from './dockerfile-rules';

/** One pattern of a .dockerignore file. */
export interface IgnorePattern {
  /** 1-based line in the file. */
  readonly line: number;
  /** As written, trimmed. */
  readonly text: string;
  /** `!pattern`: re-includes what an earlier pattern excluded. */
  readonly exception: boolean;
  readonly regex: RegExp;
}

/**
 * Pure: a .dockerignore file's patterns, read the way Docker reads them (moby/patternmatcher,
 * `ignorefile.ReadAll` and `Pattern.compile`):
 *
 * - a line starting with `#` is a comment, blank lines are skipped, a line is trimmed;
 * - a leading `!` makes an exception; the rest is cleaned like Go's `filepath.Clean` (so a trailing
 *   `/` goes, `dist/` is `dist`) and a leading `/` dropped: patterns are relative to the context root;
 * - `*` is any run of characters but `/`, `?` one character but `/`, `**` any number of folders
 *   (none included), `\` escapes the next character, `[…]` is a character class;
 * - a pattern matches a whole path from the context root: `node_modules` is the root's folder
 *   only, `**\/node_modules` is every one.
 *
 * Not handled, and refused rather than guessed at: `[!…]` classes (Go negates with `^` only) and a
 * `[` without its `]`. Windows separators do not arise: the image is built from a POSIX checkout.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .flatMap((raw, index) => {
      if (raw.startsWith('#')) return [];
      const trimmed = raw.trim();
      if (trimmed === '') return [];
      const exception = trimmed.startsWith('!');
      const body = exception ? trimmed.slice(1).trim() : trimmed;
      if (body === '') throw new Error(`.dockerignore line ${index + 1}: "!" alone is no pattern`);
      const cleaned = goClean(body).replace(/^\/(?=.)/, '');
      return [{ line: index + 1, text: trimmed, exception, regex: patternRegex(cleaned, index + 1) }];
    });
}

/** Go's `filepath.Clean` for a slash-separated path: `.` and `..` resolved, repeated and trailing `/` dropped. */
function goClean(path: string): string {
  const normalised = posix.normalize(path);
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}

function patternRegex(pattern: string, line: number): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') i++; // "**/" is "**"
      source += i + 1 === pattern.length ? '.*' : '(.*/)?';
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '\\') {
      const next = pattern[i + 1];
      source += next === undefined ? '\\\\' : `\\${next}`;
      i++;
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) throw new Error(`.dockerignore line ${line}: "${pattern}" has a [ without its ]`);
      if (pattern[i + 1] === '!') throw new Error(`.dockerignore line ${line}: "${pattern}": Docker negates a class with [^…], not [!…]`);
      source += pattern.slice(i, end + 1);
      i = end;
    } else {
      source += /[.+()|{}$^]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return new RegExp(`${source}$`);
}

/**
 * Pure: the pattern that keeps `path` (relative to the context root, `/`-separated) out of the
 * build context, or `undefined` when the file is sent. As Docker decides it: the last pattern that
 * matches the path, or one of the folders above it, wins; an exception re-includes.
 */
export function excludingPattern(patterns: readonly IgnorePattern[], path: string): IgnorePattern | undefined {
  const folders = path.split('/').slice(0, -1);
  const candidates = [path, ...folders.map((_, index) => folders.slice(0, index + 1).join('/'))];
  let decided: IgnorePattern | undefined;
  for (const pattern of patterns) {
    if (candidates.some((candidate) => pattern.regex.test(candidate))) decided = pattern.exception ? undefined : pattern;
  }
  return decided;
}

/**
 * Pure: the files a Dockerfile copies from the build context by name (`COPY`/`ADD` without
 * `--from`), such as `docker/healthcheck.js`. `.` (the whole context) and globs are left out.
 */
export function contextCopySources(dockerfile: string): string[] {
  const sources = stagesOf(parseDockerfile(dockerfile))
    .flatMap((stage) => stage.instructions)
    .filter((instruction) => (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && parseCopy(instruction).flags.get('from') === undefined)
    .flatMap((instruction) => parseCopy(instruction).sources)
    .map((source) => goClean(source).replace(/^\//, ''))
    .filter((source) => source !== '.' && !/[*?[]/.test(source));
  return [...new Set(sources)];
}

/**
 * Pure: the patterns of a .dockerignore file that keep out of the build context a file the image
 * build needs (`needed`, paths relative to the context root): one problem per such pattern,
 * naming the files it excludes. `fileName` names the file in the problems.
 */
export function dockerignoreProblems(text: string, needed: readonly string[], fileName = '.dockerignore'): string[] {
  const patterns = parseDockerignore(text);
  const excluded = new Map<IgnorePattern, string[]>();
  for (const path of [...new Set(needed)].sort()) {
    const pattern = excludingPattern(patterns, path);
    if (pattern !== undefined) excluded.set(pattern, [...(excluded.get(pattern) ?? []), path]);
  }
  return [...excluded]
    .sort(([a], [b]) => a.line - b.line)
    .map(([pattern, paths]) => `${fileName} line ${pattern.line}: "${pattern.text}" keeps out of the build context what the image build reads: ${paths.join(', ')}`);
}
