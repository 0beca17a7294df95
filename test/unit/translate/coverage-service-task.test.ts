import { expect } from 'chai';
import type { z } from 'zod';
import * as S from '../../../src/ecs/schema.gen.js';
import * as M from '../../../src/ecs/model.js';
import {
  EQUIVALENT_PATHS,
  HANDLED_ELSEWHERE,
  COVERAGE_TASK_DEFINITION,
  withSample,
  type ShapePaths,
} from '../../../src/translate/coverage/samples.js';
import { SERVICE_BASE_SPEC, SERVICE_COVERAGE, SERVICE_SHAPE_PATHS } from '../../../src/translate/coverage/service.js';
import { TASK_BASE_SPEC, TASK_COVERAGE, TASK_SHAPE_PATHS } from '../../../src/translate/coverage/task.js';
import type { Coverage } from '../../../src/translate/coverage/types.js';
import { defaultOptions, translateService, translateTask } from '../../../src/translate/index.js';
import type { Finding } from '../../../src/translate/types.js';
import { defOf, unwrap } from '../../support/zod-walk.js';

/** Every `Shape.member` reachable from `root`; root members are named after `rootName`, read-only ones after `readOnlyShape`. */
function reachableMembers(root: unknown, rootName: string, renames: Record<string, string>): string[] {
  const names = new Map<unknown, string>();
  for (const src of [S, M])
    for (const [name, value] of Object.entries(src)) {
      const def = defOf(value);
      if (def?.type === 'object' && !names.has(def)) names.set(def, name);
    }
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (schema: z.ZodObject, shape: string): void => {
    if (seen.has(shape)) return;
    seen.add(shape);
    for (const [member, sub] of Object.entries(schema.shape)) {
      out.push(shape === rootName ? `${renames[member] ?? rootName}.${member}` : `${shape}.${member}`);
      const name = names.get(defOf(unwrap(sub)));
      // Only object schemas are named, so a named member holds a ZodObject.
      if (name) visit(unwrap(sub) as z.ZodObject, name);
    }
  };
  visit(root as z.ZodObject, rootName);
  return out.sort();
}

function related(findingPath: string, fieldPath: string): boolean {
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return inside(findingPath, fieldPath) || inside(fieldPath, findingPath);
}

const serviceRenames: Record<string, string> = Object.fromEntries([
  ...Object.keys(S.CreateServiceRequest.shape).map((m): [string, string] => [m, 'CreateServiceRequest']),
  ...S.READ_ONLY_MEMBERS.CreateServiceRequest.map((m): [string, string] => [m, 'Service']),
]);

function coverageSuite(
  what: string,
  coverage: Coverage,
  shapes: ShapePaths,
  expected: string[],
  run: (spec: Record<string, unknown>) => Finding[],
  base: Readonly<Record<string, unknown>>,
): void {
  describe(`${what} coverage`, () => {
    it(`declares every member reachable from the ${what} request, and nothing else`, () => {
      expect(Object.keys(coverage).sort()).to.deep.equal(expected);
    });

    it('has a canonical path for every shape it declares', () => {
      for (const key of Object.keys(coverage)) expect(shapes, key).to.have.property(key.split('.')[0]);
    });

    it('translates the base request without findings', () => {
      expect(run(structuredClone(base))).to.deep.equal([]);
    });

    for (const [key, h] of Object.entries(coverage)) {
      if (h.mode === 'exact' || HANDLED_ELSEWHERE.has(key)) continue;
      it(`reports ${key} (${h.mode}) when set to its sample`, () => {
        expect(h, 'non-exact entries need a sample').to.have.property('sample');
        const { spec, path } = withSample(key, h.sample, base, shapes);
        const findings = run(spec);
        const also = EQUIVALENT_PATHS[key];
        const hits = findings.filter(
          (f) =>
            related(f.path, path) || (also !== undefined && f.source === 'TaskDefinition' && related(f.path, also)),
        );
        expect(hits, `${path}: ${JSON.stringify(findings)}`).to.not.be.empty;
      });
    }
  });
}

coverageSuite(
  'CreateService',
  SERVICE_COVERAGE,
  SERVICE_SHAPE_PATHS,
  reachableMembers(M.ServiceSpec, 'ServiceSpec', serviceRenames),
  (spec) =>
    translateService({ name: 'coverage', service: spec, taskDefinition: COVERAGE_TASK_DEFINITION }, defaultOptions())
      .findings,
  SERVICE_BASE_SPEC,
);

coverageSuite(
  'RunTask',
  TASK_COVERAGE,
  TASK_SHAPE_PATHS,
  reachableMembers(S.RunTaskRequest, 'RunTaskRequest', {}),
  (spec) =>
    translateTask(
      { name: 'coverage', task: spec as M.TaskSpec, taskDefinition: COVERAGE_TASK_DEFINITION },
      defaultOptions(),
    ).findings,
  TASK_BASE_SPEC,
);
