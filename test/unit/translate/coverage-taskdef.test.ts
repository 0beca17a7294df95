import { expect } from 'chai';
import type { z } from 'zod';
import * as S from '../../../src/ecs/schema.gen.js';
import {
  HANDLED_ELSEWHERE,
  SHAPE_PATHS,
  TASKDEF_COVERAGE,
  specWithSample,
} from '../../../src/translate/coverage/taskdef.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { podContext } from '../../support/builders.js';
import { defOf, unwrap } from '../../support/zod-walk.js';

/** Every `Shape.member` reachable from RegisterTaskDefinitionRequest, read-only members as `TaskDefinition.member`. */
function reachableMembers(): string[] {
  const names = new Map<unknown, string>(); // by def: .describe() clones the schema but keeps its def
  for (const [name, value] of Object.entries(S)) {
    const def = defOf(value);
    if (def?.type === 'object') names.set(def, name);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const readOnly = new Set(S.READ_ONLY_MEMBERS.RegisterTaskDefinitionRequest);
  const visit = (schema: z.ZodObject, shape: string): void => {
    if (seen.has(shape)) return;
    seen.add(shape);
    for (const [member, sub] of Object.entries(schema.shape)) {
      out.push(
        shape === 'RegisterTaskDefinitionRequest' && readOnly.has(member)
          ? `TaskDefinition.${member}`
          : `${shape}.${member}`,
      );
      const inner = unwrap(sub);
      const name = names.get(defOf(inner));
      // Only object schemas are named, so a named member holds a ZodObject.
      if (name) visit(inner as z.ZodObject, name);
    }
  };
  visit(S.RegisterTaskDefinitionRequest, 'RegisterTaskDefinitionRequest');
  return out.sort();
}

function related(findingPath: string, fieldPath: string): boolean {
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return inside(findingPath, fieldPath) || inside(fieldPath, findingPath);
}

describe('task definition coverage', () => {
  it('declares every member reachable from RegisterTaskDefinitionRequest, and nothing else', () => {
    expect(Object.keys(TASKDEF_COVERAGE).sort()).to.deep.equal(reachableMembers());
  });

  it('has a canonical path for every shape it declares', () => {
    for (const key of Object.keys(TASKDEF_COVERAGE)) expect(SHAPE_PATHS, key).to.have.property(key.split('.')[0]);
  });

  it('translates the base definition without findings on the first container or volume', () => {
    const { spec } = specWithSample('ContainerDefinition.workingDirectory', '/srv');
    const r = buildPodTemplate({ family: 'coverage', revision: 1, spec }, podContext());
    expect(
      r.findings.filter((f) => related(f.path, 'containerDefinitions[0]') || related(f.path, 'volumes[0]')),
    ).to.deep.equal([]);
  });

  for (const [key, h] of Object.entries(TASKDEF_COVERAGE)) {
    if (h.mode === 'exact' || HANDLED_ELSEWHERE.has(key)) continue;
    it(`reports ${key} (${h.mode}) when set to its sample`, () => {
      expect(h, 'non-exact entries need a sample').to.have.property('sample');
      const { spec, path } = specWithSample(key, h.sample);
      const r = buildPodTemplate({ family: 'coverage', revision: 1, spec }, podContext());
      const hits = r.findings.filter((f) => related(f.path, path));
      expect(hits, `${path}: ${JSON.stringify(r.findings)}`).to.not.be.empty;
    });
  }
});
