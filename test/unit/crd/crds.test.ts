import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { renderCrds } from '../../../src/crd/generate.js';

const CRD_DIR = new URL('../../../crds/', import.meta.url);

type Node = Record<string, unknown>;
function walk(node: Node, path: string, visit: (n: Node, p: string) => void): void {
  visit(node, path);
  for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Node>))
    walk(child, `${path}.${k}`, visit);
  if (node.items) walk(node.items as Node, `${path}[]`, visit);
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    walk(node.additionalProperties as Node, `${path}{}`, visit);
}

describe('generated CRDs', () => {
  const rendered = renderCrds();

  it('crds/ is up to date with the zod schemas (run `make manifests` when this fails)', () => {
    const onDisk = readdirSync(CRD_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(onDisk).to.deep.equal(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) {
      expect(readFileSync(new URL(file, CRD_DIR), 'utf8'), `crds/${file} is stale`).to.equal(text);
    }
  });

  for (const [file, text] of Object.entries(rendered)) {
    const crd = yaml.load(text) as Node;
    const version = ((crd.spec as Node).versions as Node[])[0];
    const root = (version.schema as Node).openAPIV3Schema as Node;

    it(`${file}: every node is structural (typed, no anyOf types, no additionalProperties beside properties)`, () => {
      const problems: string[] = [];
      walk(root, '', (n, p) => {
        const typed =
          n.type !== undefined ||
          n['x-kubernetes-int-or-string'] === true ||
          n['x-kubernetes-preserve-unknown-fields'] === true;
        if (!typed) problems.push(`${p}: no type`);
        if (n.anyOf || n.oneOf || n.allOf) problems.push(`${p}: anyOf/oneOf/allOf`);
        if (n.properties && n.additionalProperties !== undefined)
          problems.push(`${p}: additionalProperties beside properties`);
        if (n.$ref) problems.push(`${p}: $ref`);
        // The apiserver drops an empty `properties`, so the stored CRD would never match the file.
        if (n.properties && Object.keys(n.properties).length === 0) problems.push(`${p}: empty properties`);
      });
      expect(problems).to.deep.equal([]);
    });

    it(`${file}: every spec field has a description written for it`, () => {
      const missing: string[] = [];
      walk((root.properties as Record<string, Node>).spec, 'spec', (n, p) => {
        if (typeof n.description !== 'string' || n.description.startsWith('ECS field ')) missing.push(p);
      });
      // Array items and map values inherit the description of their field.
      expect(missing.filter((p) => !p.endsWith('[]') && !p.endsWith('{}'))).to.deep.equal([]);
    });

    it(`${file}: has status subresource, printer columns, short name and the ecs category`, () => {
      const names = (crd.spec as Node).names as Node;
      expect(names.categories).to.deep.equal(['ecs']);
      expect((names.shortNames as string[]).length).to.equal(1);
      expect(version.subresources).to.have.property('status');
      expect((version.additionalPrinterColumns as Node[]).length).to.be.greaterThan(2);
    });
  }

  it('gives the Service a scale subresource on desiredCount/runningCount/selector', () => {
    const crd = yaml.load(rendered['ecs2eks.dev_services.yaml']) as Node;
    const version = ((crd.spec as Node).versions as Node[])[0];
    expect((version.subresources as Node).scale).to.deep.equal({
      specReplicasPath: '.spec.desiredCount',
      statusReplicasPath: '.status.runningCount',
      labelSelectorPath: '.status.selector',
    });
  });

  it('declares task cpu and memory as int-or-string', () => {
    const crd = yaml.load(rendered['ecs2eks.dev_taskdefinitions.yaml']) as Node;
    const spec = (
      (((((crd.spec as Node).versions as Node[])[0].schema as Node).openAPIV3Schema as Node).properties as Node)
        .spec as Node
    ).properties as Record<string, Node>;
    expect(spec.cpu['x-kubernetes-int-or-string']).to.equal(true);
    expect(spec.memory['x-kubernetes-int-or-string']).to.equal(true);
  });

  it('has a crds/ directory in the repository', () => {
    expect(existsSync(CRD_DIR)).to.equal(true);
  });
});
