// `make image` (hack/image/build.sh) assembles the operator image without Docker, writing the image
// config itself; it must stay the image the Dockerfile describes: same entrypoint, user, working
// directory, environment and ports. (The image is built and run on the real node by
// test/e2e-real/10-deploy.test.ts.)
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from './dockerfile.test.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const final = parseDockerfile(readFileSync(`${ROOT}Dockerfile`, 'utf8')).at(-1)!;
const script = readFileSync(`${ROOT}hack/image/build.sh`, 'utf8');

/** The last argument of instruction `op` in the Dockerfile's final stage. */
const last = (op: string): string =>
  final.instructions
    .filter((i) => i.op === op)
    .at(-1)!
    .args.trim();
/** A field of the config JSON that build.sh prints (its printf format is plain JSON text). */
function configField(name: string): unknown {
  const m = new RegExp(`"${name}":("[^"]*"|\\[[^\\]]*\\]|\\{(?:[^{}]|\\{\\})*\\})`).exec(script);
  expect(m, `"${name}" in build.sh's config`).to.not.equal(null);
  return JSON.parse(m![1]) as unknown;
}

describe('make image (hack/image/build.sh)', () => {
  it('has the Dockerfile’s ENTRYPOINT, USER and WORKDIR', () => {
    expect(configField('Entrypoint')).to.deep.equal(JSON.parse(last('ENTRYPOINT')));
    expect(configField('User')).to.equal(last('USER'));
    expect(configField('WorkingDir')).to.equal(last('WORKDIR'));
  });

  it('sets the Dockerfile’s ENV and exposes its ports', () => {
    expect(configField('Env')).to.include(last('ENV'));
    const ports = last('EXPOSE')
      .split(/\s+/)
      .map((p) => `${p}/tcp`);
    expect(Object.keys(configField('ExposedPorts') as object)).to.deep.equal(ports);
  });
});
