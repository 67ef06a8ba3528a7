import { posix, sep } from 'node:path';
import { BUILD_CLI, distDir, MAIN_FILE } from '../build/build-app';
import { parseDockerfile, stagesOf, type Instruction, type Stage } from './dockerfile-rules';
import { IMAGE_APP_DIR, IMAGE_UID } from './paths';

/**
 * Pure: where the runtime stage departs from the layout the Kubernetes manifests and
 * docker/compose.yml rely on, each taken from its source rather than restated:
 *
 * - `WORKDIR /app` (`IMAGE_APP_DIR`), where they run `node main.js` and the projector's CLI;
 * - the build output copied there from the stage that runs the build (`BUILD_CLI`), from the folder
 *   the build writes, `distDir('$APP', <that stage's WORKDIR>)`, with `ARG APP` in scope;
 * - `CMD ["node", "main.js"]` (node's flags may come between), `MAIN_FILE` being the entry the build writes;
 * - `USER 10001` or `USER 10001:10001`, `IMAGE_UID` being the manifests' `runAsUser`/`runAsGroup`;
 * - `ENV PORT=$PORT` from `ARG PORT`, the port the image was built for.
 */
export function imageLayoutProblems(text: string): string[] {
  const stages = stagesOf(parseDockerfile(text));
  const runtime = stages.at(-1);
  if (runtime === undefined) return ['no FROM: not a Dockerfile'];
  return [...workdirProblems(runtime), ...buildOutputProblems(stages, runtime), ...entryProblems(runtime), ...uidProblems(runtime), ...portProblems(runtime)];
}

/**
 * Pure: the flags the runtime stage's CMD gives node before the entry (the V8 heap's sizes). A
 * command that replaces the CMD — the rebuild one-shot in compose, the rebuild Job — must give them
 * too, or that process runs without them. None when the CMD is not `["node", …, entry]`.
 */
export function imageNodeFlags(text: string): readonly string[] {
  const runtime = stagesOf(parseDockerfile(text)).at(-1);
  const cmd = runtime === undefined ? undefined : last(runtime, 'CMD');
  let value: unknown;
  try {
    value = JSON.parse(cmd?.args ?? '');
  } catch {
    return [];
  }
  if (!Array.isArray(value) || value[0] !== 'node') return [];
  return value.slice(1, -1).filter((arg): arg is string => typeof arg === 'string' && arg.startsWith('--'));
}

/**
 * Pure: which of the image's node flags (imageNodeFlags) a command that runs node does not give,
 * by name: a larger heap (`--max-old-space-size=512`) is a choice, no heap cap at all an accident.
 */
export function missingNodeFlags(command: readonly string[], imageFlags: readonly string[]): string[] {
  if (command[0] !== 'node') return [];
  const name = (flag: string) => flag.split('=')[0];
  const given = new Set(nodeFlagsOf(command).map(name));
  return imageFlags.filter((flag) => !given.has(name(flag)));
}

/** Pure: the flags a `node …` command gives node itself, before its script. */
export function nodeFlagsOf(command: readonly string[]): readonly string[] {
  const script = command.findIndex((word, index) => index > 0 && !word.startsWith('--'));
  return command.slice(1, script === -1 ? command.length : script);
}

function last(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** The stage's WORKDIR in effect at `before` (its last WORKDIR ahead of it; `/` without one). Relative WORKDIRs are joined on, as Docker does. */
function workdirAt(stage: Stage, before: Instruction): string {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'WORKDIR' && instruction.line < before.line)
    .reduce((dir, instruction) => posix.resolve(dir, instruction.args), '/');
}

function declaresArgBefore(stage: Stage, name: string, before: Instruction): boolean {
  return stage.instructions.some((instruction) => instruction.keyword === 'ARG' && instruction.line < before.line && instruction.args.split(/[=\s]/)[0] === name);
}

/** `$NAME` and `${NAME}` mean the same: written the first way, to compare. */
function normaliseVariables(text: string): string {
  return text.replace(/\$\{(\w+)\}/g, '$$$1');
}

function workdirProblems(runtime: Stage): string[] {
  const workdir = last(runtime, 'WORKDIR');
  if (workdir === undefined) return [`runtime stage has no WORKDIR ${IMAGE_APP_DIR}: the manifests and compose run ${MAIN_FILE} there`];
  const dir = posix.resolve('/', workdir.args);
  return dir === IMAGE_APP_DIR ? [] : [`line ${workdir.line}: WORKDIR ${workdir.args}: the manifests and compose run ${MAIN_FILE} in ${IMAGE_APP_DIR}`];
}

/** A COPY or ADD: its flags (`--from=build` → from: 'build') and its sources and destination, shell or JSON form. */
interface Copy {
  readonly flags: ReadonlyMap<string, string>;
  readonly sources: readonly string[];
  readonly destination: string;
}

export function parseCopy(instruction: Instruction): Copy {
  const words = instruction.args.split(/\s+/).filter((word) => word !== '');
  const flags = new Map(words.filter((word) => word.startsWith('--')).map((word) => [word.slice(2).split('=')[0] ?? '', word.slice(2).split('=').slice(1).join('=')] as const));
  const rest = words.filter((word) => !word.startsWith('--')).join(' ');
  const paths = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(' ');
  return { flags, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/** The stage that runs the build (`node … tools/deploy/src/build/cli.ts "$APP"`), and that RUN. */
function buildStage(stages: readonly Stage[]): { stage: Stage; index: number; run: Instruction } | undefined {
  for (const [index, stage] of stages.entries()) {
    const run = stage.instructions.find((instruction) => instruction.keyword === 'RUN' && instruction.args.includes(BUILD_CLI));
    if (run !== undefined) return { stage, index, run };
  }
  return undefined;
}

function buildOutputProblems(stages: readonly Stage[], runtime: Stage): string[] {
  const build = buildStage(stages);
  if (build === undefined || build.stage === runtime) return [`no stage before the runtime stage runs ${BUILD_CLI}: the image would hold no build of the app`];
  const problems = /\$\{?APP\}?/.test(build.run.args) ? [] : [`line ${build.run.line}: the build runs without "$APP": it must build the app the image is for`];
  // distDir joins with the platform's separator; the image's paths are POSIX ones
  const expected = distDir('$APP', workdirAt(build.stage, build.run)).split(sep).join(posix.sep);
  const references = [build.stage.name?.toLowerCase(), String(build.index)];
  const fromBuild = runtime.instructions.filter((instruction) => instruction.keyword === 'COPY' && references.includes(parseCopy(instruction).flags.get('from')?.toLowerCase()));
  const copy = fromBuild.find((instruction) => parseCopy(instruction).sources.some((source) => normaliseVariables(source).replace(/\/+$/, '') === expected));
  const want = `COPY --from=${build.stage.name ?? build.index} ${expected} ./`;
  if (copy === undefined) {
    const others = fromBuild.map((instruction) => `line ${instruction.line}: COPY ${instruction.args} does not copy ${expected}, where the build writes the app (distDir)`);
    return [...problems, ...(others.length > 0 ? others : [`runtime stage does not copy the build output: want ${want}`])];
  }
  const destination = posix.resolve(workdirAt(runtime, copy), parseCopy(copy).destination);
  if (destination !== IMAGE_APP_DIR) problems.push(`line ${copy.line}: COPY ${copy.args} puts the build output in ${destination}, not ${IMAGE_APP_DIR}: want ${want}`);
  if (!declaresArgBefore(runtime, 'APP', copy)) problems.push(`line ${copy.line}: COPY ${copy.args} uses $APP, but the runtime stage declares no ARG APP before it: $APP would be empty and all of dist/ copied`);
  return problems;
}

function entryProblems(runtime: Stage): string[] {
  const want = JSON.stringify(['node', MAIN_FILE]).replace(',', ', ');
  const cmd = last(runtime, 'CMD');
  if (cmd === undefined) return [`runtime stage has no CMD: want CMD ${want}`];
  let value: unknown;
  try {
    value = JSON.parse(cmd.args);
  } catch {
    value = undefined;
  }
  // node's own flags may come between (the V8 heap's sizes): the entry is still the build's
  const matches =
    Array.isArray(value) && value.length >= 2 && value[0] === 'node' && value.at(-1) === MAIN_FILE && value.slice(1, -1).every((arg) => typeof arg === 'string' && arg.startsWith('--'));
  return matches ? [] : [`line ${cmd.line}: CMD ${cmd.args}: want CMD ${want} (node's flags may come before ${MAIN_FILE}), the entry the build writes`];
}

function uidProblems(runtime: Stage): string[] {
  const want = `USER ${IMAGE_UID}:${IMAGE_UID}`;
  const user = last(runtime, 'USER');
  if (user === undefined) return [`runtime stage has no USER: want ${want}, the uid the Kubernetes manifests run the app as`];
  const [, uid, gid] = /^(\d+)(?::(\d+))?$/.exec(user.args) ?? [];
  if (Number(uid) === IMAGE_UID && (gid === undefined || Number(gid) === IMAGE_UID)) return [];
  return [`line ${user.line}: USER ${user.args}: want ${want}, the uid the Kubernetes manifests run the app as (runAsUser, IMAGE_UID)`];
}

/** Pure: the variables one ENV instruction sets, in both its forms (`ENV A=1 B="x y"` and the legacy `ENV A 1`). */
export function envAssignments(args: string): Map<string, string> {
  const words = [...args.matchAll(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g)].map((match) => match[0]);
  const unquote = (value: string) => value.replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, double: string | undefined, single: string | undefined) => double?.replace(/\\(.)/g, '$1') ?? single ?? '');
  const first = words[0];
  if (first !== undefined && !first.includes('=')) return new Map([[first, unquote(args.slice(args.indexOf(first) + first.length).trim())]]);
  return new Map(words.map((word) => [word.slice(0, word.indexOf('=')), unquote(word.slice(word.indexOf('=') + 1))] as const));
}

function portProblems(runtime: Stage): string[] {
  const env = runtime.instructions.filter((instruction) => instruction.keyword === 'ENV' && envAssignments(instruction.args).has('PORT')).at(-1);
  if (env === undefined) return ['runtime stage sets no ENV PORT: want ENV PORT=$PORT, the port the image is built for (ARG PORT)'];
  const value = envAssignments(env.args).get('PORT') ?? '';
  if (normaliseVariables(value) !== '$PORT') return [`line ${env.line}: ENV ${env.args}: want PORT=$PORT, from the build argument`];
  if (!declaresArgBefore(runtime, 'PORT', env)) return [`line ${env.line}: ENV ${env.args} uses $PORT, but the runtime stage declares no ARG PORT before it: PORT would be empty`];
  return [];
}
