/**
 * Golden tests: one folder per case under test/golden/cases/ with the inputs, `expected.yaml` (the
 * Kubernetes objects) and `findings.yaml`. `UPDATE_GOLDEN=1 make unit` (or `make golden-update`)
 * rewrites the expected files; review the diff.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { CASES_DIR, caseNames, convertCase } from './convert-case.js';

const update = process.env.UPDATE_GOLDEN === '1';

function dumpAll(docs: unknown[]): string {
  return docs.map((d) => yaml.dump(d, { noRefs: true, lineWidth: 120, sortKeys: false })).join('---\n');
}

describe('golden cases', () => {
  for (const name of caseNames()) {
    it(`${name} translates to the expected objects and findings`, () => {
      const dir = join(CASES_DIR, name);
      const out = convertCase(name);
      const objectsText = dumpAll(out.objects);
      const findingsText = yaml.dump(out.findings, { noRefs: true, lineWidth: 160 });
      if (update) {
        writeFileSync(join(dir, 'expected.yaml'), objectsText);
        writeFileSync(join(dir, 'findings.yaml'), findingsText);
      }
      expect(
        existsSync(join(dir, 'expected.yaml')),
        `${name}/expected.yaml is missing: run make golden-update`,
      ).to.equal(true);
      expect(objectsText, `${name}/expected.yaml`).to.equal(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
      expect(findingsText, `${name}/findings.yaml`).to.equal(readFileSync(join(dir, 'findings.yaml'), 'utf8'));
    });

    it(`${name} translates the same way twice (deterministic)`, () => {
      expect(convertCase(name)).to.deep.equal(convertCase(name));
    });
  }
});
