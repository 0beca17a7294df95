/**
 * Every golden output of the translation core must be accepted by a real kube-apiserver: each object
 * is sent with server-side apply in dry-run mode (strict field validation, our field manager), so
 * the apiserver's validation, defaulting and admission all run without anything being stored.
 * A rejection fails the test with the golden case, the object and the apiserver's message.
 *
 * The optional integrations' kinds are checked against the real CRDs of their controllers, fetched
 * from each project's Go module at a pinned version and sha256 (hack/integration-crds.sh), so their
 * specs meet the real schemas; TargetGroupBinding, whose CRD is not to be had that way, against a
 * stand-in that checks metadata only (fixtures/integration-crds.yaml). Besides each case's expected.yaml, every case is translated again with every
 * integration enabled, so that each integration kind the translator emits for the golden inputs is
 * dry-run too, including those that no case's `args` turns on.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { TRANSLATE_FLAGS } from '../../src/cli/translate-options.js';
import { CASES_DIR, caseNames, convertCase } from '../golden/convert-case.js';
import { CommandError, kubectl } from './support/kubectl.js';
import { repoRoot } from './support/env.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';

const STAND_INS = new URL('./fixtures/integration-crds.yaml', import.meta.url).pathname;

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

interface Crd {
  metadata: { name: string };
  spec: { group: string; names: { kind: string } };
}

/** The real integration CRDs, fetched (or read from the cache) by hack/integration-crds.sh; one CRD each. */
function vendoredCrds(): Array<{ file: string; crd: Crd }> {
  const out = execFileSync('bash', [join(repoRoot, 'hack/integration-crds.sh')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((file) => ({ file, crd: yaml.loadAll(readFileSync(file, 'utf8')).find((d) => d != null) as Crd }));
}

const groupKind = (o: Pick<Obj, 'apiVersion' | 'kind'>): string =>
  `${o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.lastIndexOf('/')) : ''}/${o.kind}`;

/** JSON with sorted keys, to recognise an object already dry-run from expected.yaml. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

/** Server-side apply of the object on stdin, dry-run, strict field validation, our field manager. */
const DRY_RUN = [
  'apply',
  '--server-side',
  '--dry-run=server',
  '--validate=strict',
  '--field-manager=ecs2eks',
  '-f',
  '-',
];

/** `--enable X` for every integration the CLI knows. */
const ALL_INTEGRATIONS = (TRANSLATE_FLAGS.enable.choices ?? []).flatMap((name) => ['--enable', name]);

describe('golden outputs pass server-side dry-run on the real apiserver', function () {
  let crds: Array<{ file: string; crd: Crd }> = [];
  /** group/kind → one object of that kind that was dry-run, to show that each vendored CRD was exercised. */
  const exercised = new Map<string, Obj>();
  let namespace: string;

  /** Dry-runs each object; returns the rejections as `Kind/name: apiserver message`. */
  async function dryRun(objects: readonly Obj[]): Promise<string[]> {
    const rejected: string[] = [];
    for (const obj of objects) {
      // Namespaced objects go to the test's namespace so the case's own namespace need not exist.
      const body = obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
      try {
        await kubectl(DRY_RUN, JSON.stringify(body));
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        rejected.push(`${obj.kind}/${obj.metadata.name}: ${e.stderr.trim()}`);
      }
      if (!exercised.has(groupKind(obj))) exercised.set(groupKind(obj), body);
    }
    return rejected;
  }

  before(async () => {
    crds = vendoredCrds();
    expect(crds.length, 'hack/integration-crds.sh gave no CRD').to.be.greaterThan(0);
    namespace = await freshNamespace('golden');
    // The real CRDs of the integrations (hack/integration-crds.sh says which versions), and the stand-in.
    await kubectl(['apply', '--server-side', ...crds.flatMap((c) => ['-f', c.file]), '-f', STAND_INS]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      ...crds.map((c) => `crd/${c.crd.metadata.name}`),
      'crd/targetgroupbindings.elbv2.k8s.aws',
    ]);
  });
  after(async () => {
    if (namespace) await dropNamespace(namespace);
  });

  for (const name of caseNames()) {
    const expected = () => yaml.loadAll(readFileSync(join(CASES_DIR, name, 'expected.yaml'), 'utf8')) as Obj[];

    it(`${name}: every object is accepted`, async () => {
      const docs = expected();
      expect(docs.length, `${name} has no objects`).to.be.greaterThan(0);
      expect(await dryRun(docs), `${name}: the apiserver rejected objects`).to.deep.equal([]);
    });

    it(`${name}, every integration enabled: every object is accepted`, async () => {
      const seen = new Set(expected().map(canonical));
      const objects = (convertCase(name, ALL_INTEGRATIONS).objects as Obj[]).filter((o) => !seen.has(canonical(o)));
      expect(
        await dryRun(objects),
        `${name} (${ALL_INTEGRATIONS.join(' ')}): the apiserver rejected objects`,
      ).to.deep.equal([]);
    });
  }

  it('every real integration CRD had objects of its kind dry-run against it', () => {
    const unexercised = crds
      .map((c) => `${c.crd.spec.group}/${c.crd.spec.names.kind}`)
      .filter((gk) => !exercised.has(gk));
    expect(unexercised, 'no golden case, even with every integration enabled, emits these kinds').to.deep.equal([]);
  });

  it('the real integration CRDs check specs: an unknown spec field is refused', async () => {
    // A control for the tests above: a CRD that preserved unknown fields would accept anything.
    const UNKNOWN = /spec\.notAFieldOfTheCrd: field not declared in schema|unknown field "spec\.notAFieldOfTheCrd"/;
    const accepted: string[] = [];
    for (const { crd } of crds) {
      const sample = exercised.get(`${crd.spec.group}/${crd.spec.names.kind}`);
      if (!sample) continue; // reported by the test above
      const spec = (sample as Obj & { spec?: object }).spec ?? {};
      let refused = '';
      try {
        await kubectl(DRY_RUN, JSON.stringify({ ...sample, spec: { ...spec, notAFieldOfTheCrd: true } }));
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        refused = e.stderr.trim();
      }
      if (!UNKNOWN.test(refused)) accepted.push(`${crd.spec.names.kind}: ${refused || 'accepted'}`);
    }
    expect(accepted, 'spec.notAFieldOfTheCrd was not refused as an unknown field').to.deep.equal([]);
  });
});
