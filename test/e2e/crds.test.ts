// The generated CRDs (crds/, from `make manifests`) must install on a real apiserver, become
// Established and carry field descriptions that `kubectl explain` shows to users.
// An empty or missing crds/ is a defect and fails here. ECS2EKS_CRD_DIR points the test at
// another directory (used to check this test itself with a throwaway CRD).
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { kubectl } from './support/kubectl.js';
import { repoRoot } from './support/env.js';
import { waitFor } from './support/wait.js';

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
}
interface Crd {
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    names: { plural: string; kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

const crdDir = process.env.ECS2EKS_CRD_DIR ?? join(repoRoot, 'crds');

function loadCrds(): { files: string[]; crds: Crd[] } {
  if (!existsSync(crdDir)) return { files: [], crds: [] };
  const files = readdirSync(crdDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(crdDir, f));
  const crds = files
    .flatMap((f) => yaml.loadAll(readFileSync(f, 'utf8')))
    .filter((d): d is Crd => (d as Partial<Crd> | null)?.kind === 'CustomResourceDefinition');
  return { files, crds };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Described fields to look for in `kubectl explain`: those of .spec, else the top level. */
function describedFields(root: Schema): { path: string; fields: [string, string][] } {
  const spec = root.properties?.spec;
  const level = spec?.properties ? spec : root;
  const skip = new Set(['apiVersion', 'kind', 'metadata']);
  const fields = Object.entries(level.properties ?? {})
    .filter(([name, s]) => !skip.has(name) && s.description)
    .map(([name, s]) => [name, squash(s.description!)] as [string, string]);
  return { path: level === spec ? '.spec' : '', fields };
}

describe(`CRDs in ${crdDir}`, function () {
  const { files, crds } = loadCrds();

  it('has CustomResourceDefinition files (an empty crds/ is a defect: run make manifests)', function () {
    expect(
      crds.map((c) => c.metadata.name),
      `CRDs found in ${crdDir}`,
    ).to.not.be.empty;
  });

  it('applies them with kubectl apply --server-side and they become Established', async function () {
    expect(files, `YAML files in ${crdDir}`).to.not.be.empty;
    for (const f of files) {
      await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=ecs2eks-e2e', '-f', f]);
    }
    for (const crd of crds) {
      await kubectl(['wait', '--for=condition=Established', `crd/${crd.metadata.name}`, '--timeout=60s']);
    }
  });

  it('shows their field descriptions in kubectl explain', async function () {
    expect(crds, 'CRDs to explain').to.not.be.empty;
    for (const crd of crds) {
      for (const version of crd.spec.versions.filter((v) => v.served)) {
        const root = version.schema?.openAPIV3Schema ?? {};
        const { path, fields } = describedFields(root);
        const what = `${crd.metadata.name} ${version.name}`;
        expect(fields, `described fields in ${what}${path}`).to.not.be.empty;
        const apiVersion = `--api-version=${crd.spec.group}/${version.name}`;
        // The apiserver publishes a new CRD's OpenAPI a moment after Established: poll.
        const out = await waitFor(
          async () => {
            const text = await kubectl(['explain', `${crd.spec.names.plural}${path}`, apiVersion]);
            return squash(text).includes(fields[0][1].slice(0, 60)) ? text : undefined;
          },
          60_000,
          `kubectl explain ${crd.spec.names.plural}${path} ${apiVersion} to show field descriptions`,
        );
        expect(out, what).to.contain(`KIND:`).and.contain(crd.spec.names.kind);
        for (const [name, description] of fields) {
          expect(out, `${what}: field ${name}`).to.match(new RegExp(`^\\s+${name}\\s+<`, 'm'));
          expect(squash(out), `${what}: description of ${name}`).to.contain(description.slice(0, 60));
        }
      }
    }
  });
});
