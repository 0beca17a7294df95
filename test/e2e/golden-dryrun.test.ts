/**
 * Every golden output of the translation core must be accepted by a real kube-apiserver: each object
 * is sent with server-side apply in dry-run mode (strict field validation, our field manager), so
 * the apiserver's validation, defaulting and admission all run without anything being stored.
 * A rejection fails the test with the golden case, the object and the apiserver's message.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { CASES_DIR, caseNames } from '../golden/convert-case.js';
import { CommandError, kubectl } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import { waitFor } from './support/wait.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

describe('golden outputs pass server-side dry-run on the real apiserver', function () {
  let namespace: string;
  before(async () => {
    namespace = await freshNamespace('golden');
    // Integration kinds need their CRDs; stand-ins check only the objects' metadata (see the fixture).
    await kubectl(['apply', '--server-side', '-f', join(FIXTURES, 'integration-crds.yaml')]);
    for (const crd of ['externalsecrets.external-secrets.io', 'targetgroupbindings.elbv2.k8s.aws']) {
      await waitFor(
        async () =>
          (await kubectl([
            'get',
            'crd',
            crd,
            '-o',
            'jsonpath={.status.conditions[?(@.type=="Established")].status}',
          ])) === 'True',
        30_000,
        `${crd} Established`,
      );
    }
  });
  after(async () => {
    if (namespace) await dropNamespace(namespace);
  });

  for (const name of caseNames()) {
    it(`${name}: every object is accepted`, async () => {
      const docs = yaml.loadAll(readFileSync(join(CASES_DIR, name, 'expected.yaml'), 'utf8')) as Obj[];
      expect(docs.length, `${name} has no objects`).to.be.greaterThan(0);
      const rejected: string[] = [];
      for (const obj of docs) {
        // Namespaced objects go to the test's namespace so the case's own namespace need not exist.
        const body = obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
        try {
          await kubectl(
            ['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=ecs2eks', '-f', '-'],
            JSON.stringify(body),
          );
        } catch (e) {
          if (!(e instanceof CommandError)) throw e;
          rejected.push(`${obj.kind}/${obj.metadata.name}: ${e.stderr.trim()}`);
        }
      }
      expect(rejected, `${name}: the apiserver rejected objects`).to.deep.equal([]);
    });
  }
});
