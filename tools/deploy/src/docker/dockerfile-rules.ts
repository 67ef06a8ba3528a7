/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  /** Upper case: `FROM`, `RUN`, `USER`… */
  readonly keyword: string;
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

/** The instructions of one stage, from its `FROM` on. */
export interface Stage {
  readonly from: Instruction;
  /** `AS <name>`, when the stage has one. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/** Pure: a Dockerfile's instructions, comments dropped and `\`-continued lines joined (no heredocs: Rewind's Dockerfile has none). */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (pending === undefined && trimmed === '')) return;
    const continued = trimmed.endsWith('\\');
    const piece = continued ? trimmed.slice(0, -1).trimEnd() : trimmed;
    pending = pending === undefined ? { text: piece, line: index + 1 } : { text: `${pending.text} ${piece}`, line: pending.line };
    if (continued) return;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(pending.text) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim(), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

/** Pure: the stages of a parsed Dockerfile (instructions before the first `FROM`, such as global `ARG`s, are left out). */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: { from: Instruction; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const name = /\s+AS\s+(\S+)\s*$/i.exec(instruction.args)?.[1];
      stages.push({ from: instruction, name, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/**
 * Rules of Rewind's own for its images, beyond what hadolint checks: what the Kubernetes
 * manifests and the compose file rely on. Each problem names the line at fault.
 */
export function dockerfileProblems(text: string): string[] {
  const stages = stagesOf(parseDockerfile(text));
  const final = stages.at(-1);
  if (final === undefined) return ['no FROM: not a Dockerfile'];
  return [
    ...multiStageProblems(stages),
    ...stages.flatMap((stage, index) => pinnedBaseProblems(stage, stages.slice(0, index))),
    ...nonRootUserProblems(final),
    ...healthcheckProblems(final),
    ...execFormCmdProblems(final),
  ];
}

/** The build tools (npm's dev dependencies, swc, Nx) must stay in a stage of their own, out of the runtime image. */
function multiStageProblems(stages: readonly Stage[]): string[] {
  return stages.length >= 2 ? [] : ['single stage: build in one stage and copy only the output into the runtime stage'];
}

/** A base image moves under us unless it names a version: the same Dockerfile must give the same image. */
function pinnedBaseProblems(stage: Stage, earlier: readonly Stage[]): string[] {
  const image = stage.from.args
    .split(/\s+/)
    .filter((word) => !word.startsWith('--'))
    .at(0);
  if (image === undefined) return [`line ${stage.from.line}: FROM names no image`];
  if (earlier.some((previous) => previous.name !== undefined && previous.name.toLowerCase() === image.toLowerCase())) return [];
  if (image.includes('$')) return [`line ${stage.from.line}: FROM ${image}: the base image comes from a variable, so its version cannot be checked`];
  if (image.includes('@sha256:')) return [];
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  if (tag === undefined) return [`line ${stage.from.line}: FROM ${image} is not pinned: name a version tag`];
  if (tag === 'latest') return [`line ${stage.from.line}: FROM ${image} is not pinned: "latest" moves, name a version tag`];
  return [];
}

/** Kubernetes' `runAsNonRoot` can only verify a numeric uid; and the app must not run as root. */
function nonRootUserProblems(final: Stage): string[] {
  const user = final.instructions.filter((instruction) => instruction.keyword === 'USER').at(-1);
  if (user === undefined) return ['final stage has no USER: the app would run as root'];
  const uid = /^(\d+)(:\d+)?$/.exec(user.args)?.[1];
  if (uid === undefined) return [`line ${user.line}: USER ${user.args} is not numeric: Kubernetes runAsNonRoot needs a numeric uid`];
  if (Number(uid) === 0) return [`line ${user.line}: USER ${user.args} is root`];
  return [];
}

/** Without a HEALTHCHECK, `docker compose` and plain Docker cannot tell a hung app from a working one. */
function healthcheckProblems(final: Stage): string[] {
  const healthcheck = final.instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK').at(-1);
  if (healthcheck === undefined) return ['final stage has no HEALTHCHECK'];
  if (/^NONE$/i.test(healthcheck.args)) return [`line ${healthcheck.line}: HEALTHCHECK NONE turns the health check off`];
  return [];
}

/** Shell form runs `/bin/sh -c`, which becomes PID 1 and does not pass SIGTERM on: the app's graceful stop would never run. */
function execFormCmdProblems(final: Stage): string[] {
  const cmd = final.instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
  if (cmd === undefined) return ['final stage has no CMD'];
  if (!isJsonStringArray(cmd.args)) return [`line ${cmd.line}: CMD ${cmd.args} is in shell form: use the exec form, CMD ["node", "main.js"]`];
  return [];
}

function isJsonStringArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
  } catch {
    return false;
  }
}
