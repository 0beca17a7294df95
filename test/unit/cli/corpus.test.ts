/**
 * The real-world definitions in ../shared/corpus (beside every clone, CI included): `convert` and
 * `report` must handle every one without a crash — each converts, or fails with exit 1 and a
 * one-line error that names a field, a file position, or the missing task definition.
 */
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) return [];
  return ['cfn', 'cli-json', 'service-json']
    .flatMap((d) => (existsSync(join(CORPUS, d)) ? readdirSync(join(CORPUS, d)).map((f) => join(CORPUS, d, f)) : []))
    .sort();
}

describe('the shared corpus of real ECS definitions', () => {
  const files = corpusFiles();

  it('is there to check against (../shared/corpus)', () => {
    expect(files.length, `no corpus files under ${CORPUS}`).to.be.greaterThan(20);
  });

  for (const file of files) {
    const name = file.slice(CORPUS.length);
    it(`convert ${name}: converts, or says clearly why not`, async () => {
      const r = await runCli(['convert', '-q', file]);
      if (r.code === 0) {
        expect(r.stdout).to.match(/^kind: (Deployment|DaemonSet|Pod)$/m);
        return;
      }
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.not.match(/\n\s+at /, 'no stack trace');
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(
        /[a-zA-Z]+(\[\d+\])?(\.[a-zA-Z]+(\[\d+\])?)*: |:\d+:\d+: |task definition|taskDefinition/,
      );
    });
  }

  it('report covers every file without stopping at a bad one', async () => {
    const r = await runCli(['report', '-o', 'json', CORPUS]);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ file: string }> };
    expect(report.files.length).to.equal(files.length);
  });
});
