import { readFileSync } from 'node:fs';
import { dockerfileProblems, parseDockerfile, stagesOf } from './dockerfile-rules';
import { dockerfilePath } from './paths';

const dockerfile = readFileSync(dockerfilePath, 'utf8');

/** The real Dockerfile with one deliberate fault; the replacement must have happened, or the test proves nothing. */
function broken(from: string | RegExp, to: string): string {
  const text = dockerfile.replace(from, to);
  expect(text).not.toBe(dockerfile);
  return text;
}

describe('our Dockerfile rules', () => {
  it('find nothing wrong with docker/Dockerfile', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  it('want a multi-stage build', () => {
    const single = 'FROM node:24.22.3-bookworm-slim\nUSER 10001\nHEALTHCHECK CMD ["node", "healthcheck.js"]\nCMD ["node", "main.js"]\n';
    expect(dockerfileProblems(single)).toEqual(['single stage: build in one stage and copy only the output into the runtime stage']);
  });

  it('want a numeric, non-root USER in the final stage', () => {
    expect(dockerfileProblems(broken('USER 10001:10001', 'USER node'))).toEqual([expect.stringMatching(/USER node is not numeric: Kubernetes runAsNonRoot needs a numeric uid$/)]);
    expect(dockerfileProblems(broken('USER 10001:10001', 'USER 0:0'))).toEqual([expect.stringMatching(/USER 0:0 is root$/)]);
    expect(dockerfileProblems(broken(/^USER .*$/m, ''))).toEqual(['final stage has no USER: the app would run as root']);
  });

  it('want a HEALTHCHECK in the final stage', () => {
    expect(dockerfileProblems(broken(/^HEALTHCHECK .*$/m, ''))).toEqual(['final stage has no HEALTHCHECK']);
    expect(dockerfileProblems(broken(/^HEALTHCHECK .*$/m, 'HEALTHCHECK NONE'))).toEqual([expect.stringMatching(/HEALTHCHECK NONE turns the health check off$/)]);
  });

  it('want every base image pinned to a version, stages named before excepted', () => {
    expect(dockerfileProblems(broken('FROM node:24.22.3-bookworm-slim AS build', 'FROM node:latest AS build'))).toEqual([
      expect.stringMatching(/^line \d+: FROM node:latest is not pinned: "latest" moves, name a version tag$/),
    ]);
    expect(dockerfileProblems(broken('FROM node:24.22.3-bookworm-slim AS build', 'FROM node AS build'))).toEqual([expect.stringMatching(/FROM node is not pinned: name a version tag$/)]);
    expect(dockerfileProblems(broken('FROM node:24.22.3-bookworm-slim AS build', 'FROM registry.local:5000/node AS build'))).toEqual([
      expect.stringMatching(/FROM registry\.local:5000\/node is not pinned/),
    ]);
    expect(dockerfileProblems(broken('FROM node:24.22.3-bookworm-slim AS build', 'FROM --platform=linux/amd64 node@sha256:0123abcd AS build'))).toEqual([]);
    expect(dockerfileProblems(broken(/FROM node:24\.22\.3-bookworm-slim\n(ARG APP\nARG PORT\nENV)/, 'FROM production-dependencies\n$1'))).toEqual([]);
  });

  it('want CMD in exec form', () => {
    expect(dockerfileProblems(broken(/^CMD \[.*\]$/m, 'CMD node main.js'))).toEqual([expect.stringMatching(/CMD node main\.js is in shell form: use the exec form/)]);
    expect(dockerfileProblems(broken(/^CMD .*$/m, ''))).toEqual(['final stage has no CMD']);
  });
});

describe('the Dockerfile parser', () => {
  it('joins continued lines, drops comments and splits the stages', () => {
    const stages = stagesOf(parseDockerfile('# syntax\nARG X=1\nFROM a:1 AS one\nRUN echo \\\n  two\n# note\nFROM one\nCMD ["x"]\n'));
    expect(stages.map((stage) => [stage.name, stage.instructions.map((instruction) => `${instruction.line} ${instruction.keyword} ${instruction.args}`)])).toEqual([
      ['one', ['3 FROM a:1 AS one', '4 RUN echo two']],
      [undefined, ['7 FROM one', '8 CMD ["x"]']],
    ]);
  });
});
