import { readFileSync } from 'node:fs';
import { envAssignments, imageLayoutProblems, imageNodeFlags } from './image-layout';
import { dockerfilePath } from './paths';

const dockerfile = readFileSync(dockerfilePath, 'utf8');

/** The real Dockerfile with one deliberate fault; the replacement must have happened, or the test proves nothing. */
function broken(from: string | RegExp, to: string): string {
  const text = dockerfile.replace(from, to);
  expect(text).not.toBe(dockerfile);
  return text;
}

/** The last line of the real Dockerfile that starts with `start` (the runtime stage's), as the problems name it. */
function lineOf(start: string): number {
  const lines = dockerfile.split('\n');
  return lines.length - [...lines].reverse().findIndex((line) => line.startsWith(start));
}

describe("the runtime image's layout", () => {
  it('is what the manifests and compose rely on in docker/Dockerfile', () => {
    expect(imageLayoutProblems(dockerfile)).toEqual([]);
  });

  it('wants WORKDIR /app in the runtime stage', () => {
    const runtimeWorkdir = /(FROM node:\S+\nARG APP\nARG PORT\nENV [^\n]*\n)WORKDIR \/app/;
    expect(imageLayoutProblems(broken(runtimeWorkdir, '$1WORKDIR /srv'))).toEqual([
      `line ${lineOf('WORKDIR /app')}: WORKDIR /srv: the manifests and compose run main.js in /app`,
      `line ${lineOf('COPY --from=build')}: COPY --from=build /src/dist/$APP ./ puts the build output in /srv, not /app: want COPY --from=build /src/dist/$APP ./`,
    ]);
    expect(imageLayoutProblems(broken(runtimeWorkdir, '$1WORKDIR /app/'))).toEqual([]);
  });

  it('wants the build output copied from where the build stage writes it (distDir), with APP in scope', () => {
    const copy = `line ${lineOf('COPY --from=build')}`;
    expect(imageLayoutProblems(broken('COPY --from=build /src/dist/$APP ./', 'COPY --from=build /src/dist ./'))).toEqual([
      `${copy}: COPY --from=build /src/dist ./ does not copy /src/dist/$APP, where the build writes the app (distDir)`,
    ]);
    expect(imageLayoutProblems(broken('COPY --from=build /src/dist/$APP ./', 'COPY --from=build /src/dist/${APP}/ /app/'))).toEqual([]);
    // the build stage working elsewhere moves its output: the rule follows it
    expect(imageLayoutProblems(broken('WORKDIR /src', 'WORKDIR /build'))).toEqual([
      `${copy}: COPY --from=build /src/dist/$APP ./ does not copy /build/dist/$APP, where the build writes the app (distDir)`,
    ]);
    expect(imageLayoutProblems(broken(/^COPY --from=build .*$/m, ''))).toEqual(['runtime stage does not copy the build output: want COPY --from=build /src/dist/$APP ./']);
    expect(imageLayoutProblems(broken(/(FROM node:\S+\n)ARG APP\n(ARG PORT\nENV)/, '$1$2'))).toEqual([
      `line ${lineOf('COPY --from=build') - 1}: COPY --from=build /src/dist/$APP ./ uses $APP, but the runtime stage declares no ARG APP before it: $APP would be empty and all of dist/ copied`,
    ]);
  });

  it('wants a stage that runs the build for $APP', () => {
    expect(imageLayoutProblems(broken('tools/deploy/src/build/cli.ts "$APP"', 'tools/deploy/src/build/cli.ts'))).toEqual([
      `line ${lineOf('RUN node -r @swc-node/register')}: the build runs without "$APP": it must build the app the image is for`,
    ]);
    expect(imageLayoutProblems(broken(/^RUN node -r @swc-node\/register .*$/m, 'RUN npx tsc'))).toEqual([
      'no stage before the runtime stage runs tools/deploy/src/build/cli.ts: the image would hold no build of the app',
    ]);
  });

  it('wants CMD ["node", "main.js"], the entry the build writes', () => {
    const cmd = lineOf('CMD ');
    const entry = /^CMD \[.*\]$/m;
    expect(imageLayoutProblems(broken(entry, 'CMD ["node", "apps/order-service/src/main.js"]'))).toEqual([
      `line ${cmd}: CMD ["node", "apps/order-service/src/main.js"]: want CMD ["node", "main.js"] (node's flags may come before main.js), the entry the build writes`,
    ]);
    expect(imageLayoutProblems(broken(entry, 'CMD node main.js'))).toEqual([`line ${cmd}: CMD node main.js: want CMD ["node", "main.js"] (node's flags may come before main.js), the entry the build writes`]);
    // node's own flags before the entry are fine; anything else is not
    expect(imageLayoutProblems(broken(entry, 'CMD ["node", "--max-old-space-size=256", "main.js"]'))).toEqual([]);
    expect(imageLayoutProblems(broken(entry, 'CMD ["node", "extra.js", "main.js"]'))).toEqual([expect.stringContaining('want CMD ["node", "main.js"]')]);
    expect(imageLayoutProblems(broken(/^CMD .*$/m, ''))).toEqual(['runtime stage has no CMD: want CMD ["node", "main.js"]']);
  });

  it("wants the manifests' uid, IMAGE_UID, as USER", () => {
    const user = lineOf('USER ');
    expect(imageLayoutProblems(broken('USER 10001:10001', 'USER 10001'))).toEqual([]);
    expect(imageLayoutProblems(broken('USER 10001:10001', 'USER 1000:1000'))).toEqual([
      `line ${user}: USER 1000:1000: want USER 10001:10001, the uid the Kubernetes manifests run the app as (runAsUser, IMAGE_UID)`,
    ]);
    expect(imageLayoutProblems(broken('USER 10001:10001', 'USER 10001:0'))).toEqual([
      `line ${user}: USER 10001:0: want USER 10001:10001, the uid the Kubernetes manifests run the app as (runAsUser, IMAGE_UID)`,
    ]);
    expect(imageLayoutProblems(broken(/^USER .*$/m, ''))).toEqual(['runtime stage has no USER: want USER 10001:10001, the uid the Kubernetes manifests run the app as']);
  });

  it('wants ENV PORT set from the build argument', () => {
    const env = lineOf('ENV NODE_ENV');
    expect(imageLayoutProblems(broken('ENV NODE_ENV=production PORT=$PORT', 'ENV NODE_ENV=production PORT=3001'))).toEqual([
      `line ${env}: ENV NODE_ENV=production PORT=3001: want PORT=$PORT, from the build argument`,
    ]);
    expect(imageLayoutProblems(broken('ENV NODE_ENV=production PORT=$PORT', 'ENV NODE_ENV=production'))).toEqual([
      'runtime stage sets no ENV PORT: want ENV PORT=$PORT, the port the image is built for (ARG PORT)',
    ]);
    expect(imageLayoutProblems(broken(/(FROM node:\S+\nARG APP\n)ARG PORT\n/, '$1'))).toEqual([
      `line ${env - 1}: ENV NODE_ENV=production PORT=$PORT uses $PORT, but the runtime stage declares no ARG PORT before it: PORT would be empty`,
    ]);
    expect(imageLayoutProblems(broken('ENV NODE_ENV=production PORT=$PORT', 'ENV PORT ${PORT}'))).toEqual([]);
  });
});

describe("the image's node flags", () => {
  it('are what the runtime CMD gives node before the entry', () => {
    expect(imageNodeFlags(dockerfile)).toEqual(['--max-semi-space-size=4', '--max-old-space-size=256']);
    expect(imageNodeFlags(broken(/^CMD \[[^\n]*\]$/m, 'CMD ["node", "main.js"]'))).toEqual([]);
    expect(imageNodeFlags(broken(/^CMD \[[^\n]*\]$/m, 'CMD node --max-old-space-size=256 main.js'))).toEqual([]);
  });
});

describe('ENV parsing', () => {
  it('reads both forms, quotes removed', () => {
    expect([...envAssignments('A=1 B="x y" C=\'$z\'')]).toEqual([
      ['A', '1'],
      ['B', 'x y'],
      ['C', '$z'],
    ]);
    expect([...envAssignments('PORT ${PORT}')]).toEqual([['PORT', '${PORT}']]);
  });
});
