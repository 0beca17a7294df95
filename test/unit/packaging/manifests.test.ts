// manifests/ (the in-cluster install) checked against the code it deploys: the RBAC rules must
// cover every kind the translator emits and every call the kube layer makes, and nothing more;
// the Deployment's args must be accepted by the operator's own flag parser.
import type {
  IntOrString,
  V1DeploymentSpec,
  V1ObjectMeta,
  V1PodSpec,
  V1PodTemplateSpec,
  V1ServiceSpec,
} from '@kubernetes/client-node';
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { renderCrds } from '../../../src/crd/generate.js';
import { loadOperatorConfig } from '../../../src/controller/flags.js';
import { RESOURCES, wellKnownResource } from '../../../src/kube/resources.js';
import { STATUS_RESOURCES } from '../../../src/kube/status.js';
import { pairResources, isUnitError } from '../../../src/cli/pairing.js';
import { translateUnit } from '../../../src/cli/translate.js';
import { parseInput, type ParsedResource } from '../../../src/ecs/parse/index.js';
import { defaultOptions } from '../../../src/translate/options.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MANIFESTS = join(ROOT, 'manifests');
const NS = 'ecs2eks-system';
const SA = 'ecs2eks-operator';
const INTEGRATIONS_FILE = 'rbac/integrations-clusterrole.yaml';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface Role extends Obj {
  rules: Rule[];
}
interface Binding extends Obj {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}
/** A Deployment as the manifests write it: with a pod template that has metadata and a spec. */
interface Deployment extends Obj {
  spec: V1DeploymentSpec & { template: V1PodTemplateSpec & { metadata: V1ObjectMeta; spec: V1PodSpec } };
}
interface Service extends Obj {
  spec: V1ServiceSpec;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? yamlFiles(join(dir, f)) : [join(dir, f)]))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

const load = (file: string): Obj[] =>
  (yaml.loadAll(readFileSync(file, 'utf8')) as Obj[]).filter((d) => d !== null && d !== undefined);

const files = yamlFiles(MANIFESTS).map((f) => relative(MANIFESTS, f));
const kustomization = yaml.load(readFileSync(join(MANIFESTS, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
/** What `kubectl apply -k manifests/` installs, minus the CRDs (checked separately). */
const installed = kustomization.resources.filter((r) => !r.startsWith('../')).flatMap((r) => load(join(MANIFESTS, r)));
const integrationDocs = load(join(MANIFESTS, INTEGRATIONS_FILE));

function one<T extends Obj>(docs: Obj[], kind: string, name: string): T {
  const found = docs.filter((d) => d.kind === kind && d.metadata.name === name);
  expect(found, `${kind} ${name}`).to.have.lengthOf(1);
  return found[0] as T;
}

const clusterRole = one<Role>(installed, 'ClusterRole', 'ecs2eks-operator');
const leaderRole = one<Role>(installed, 'Role', 'ecs2eks-leader-election');
const integrationsRole = one<Role>(integrationDocs, 'ClusterRole', 'ecs2eks-operator-integrations');
const deployment = one<Deployment>(installed, 'Deployment', 'ecs2eks-operator');

/** The verbs `rules` grant on group/resource (subresource as `plural/status`). */
function verbsOn(rules: Rule[], group: string, resource: string): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.resourceNames?.length) continue; // name-restricted rules do not cover list/watch/create
    if ((r.apiGroups ?? []).includes(group) && (r.resources ?? []).includes(resource))
      r.verbs.forEach((v) => out.add(v));
  }
  return out;
}

/** `group/resource` of every (group, resource) pair a set of rules names. */
const grantedResources = (rules: Rule[]): string[] =>
  rules.flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).map((res) => `${g}/${res}`)));

/**
 * Kubernetes objects the translator emits for every example (one input per file) and every golden
 * case (one input per case directory), with every optional integration on.
 */
function emittedKinds(): Map<string, { apiVersion: string; kind: string }> {
  const examples = join(ROOT, 'examples');
  const golden = join(ROOT, 'test/golden/cases');
  const read = (dir: string, f: string): ParsedResource[] => parseInput(readFileSync(join(dir, f), 'utf8'), f);
  const inputs: ParsedResource[][] = [
    ...readdirSync(examples)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => read(examples, f)),
    ...readdirSync(golden).map((c) =>
      readdirSync(join(golden, c))
        .filter((f) => /^(input|service|task)\.(json|ya?ml)$/.test(f))
        .flatMap((f) => read(join(golden, c), f)),
    ),
  ];
  const options = defaultOptions({
    integrations: {
      targetGroupBinding: true,
      externalSecrets: true,
      efs: true,
      fargateNodeSelection: true,
      securityGroupPolicy: true,
    },
  });
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const resources of inputs) {
    for (const u of pairResources(resources)) {
      if (isUnitError(u)) throw new Error(u.error);
      for (const o of translateUnit(u, options).objects)
        kinds.set(`${o.apiVersion} ${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
    }
  }
  return kinds;
}
const emitted = emittedKinds();

/** group and plural of a generated kind: from RESOURCES, else the lowercase plural (CRD convention). */
function resourceOf(apiVersion: string, kind: string): { group: string; plural: string } {
  const known = wellKnownResource(apiVersion, kind);
  if (known) return known;
  const i = apiVersion.indexOf('/');
  const lower = kind.toLowerCase();
  // English plurals as CRDs spell them (securitygrouppolicies).
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return { group: i < 0 ? '' : apiVersion.slice(0, i), plural };
}

/** Server-side apply (patch, which creates missing objects as create), the informer (get/list/watch), pruning (delete). */
const MANAGE = ['get', 'list', 'watch', 'create', 'patch', 'delete'];
/** Kinds only the optional integrations emit: their rights are in the integrations role, not the base one. */
const OPTIONAL_KINDS = new Set([
  'TargetGroupBinding',
  'ExternalSecret',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'SecurityGroupPolicy',
]);

describe('manifests/', () => {
  it('every file parses as YAML objects with apiVersion, kind and a name', () => {
    expect(files).to.include.members(['kustomization.yaml', 'namespace.yaml', INTEGRATIONS_FILE]);
    for (const f of files) {
      const docs = load(join(MANIFESTS, f));
      expect(docs, f).to.not.be.empty;
      for (const d of docs) {
        expect(d.apiVersion, `${f}: apiVersion`).to.be.a('string').and.not.empty;
        expect(d.kind, `${f}: kind`).to.be.a('string').and.not.empty;
        if (d.kind !== 'Kustomization') expect(d.metadata?.name, `${f}: metadata.name`).to.be.a('string').and.not.empty;
      }
    }
  });

  it('kustomization.yaml lists every manifest except the optional integrations role, and the CRDs', () => {
    const listed = kustomization.resources.filter((r) => !r.startsWith('../'));
    for (const r of listed) expect(existsSync(join(MANIFESTS, r)), `${r} exists`).to.equal(true);
    const expected = files.filter((f) => f !== 'kustomization.yaml' && f !== INTEGRATIONS_FILE);
    expect([...listed].sort()).to.deep.equal(expected);
    expect(listed).to.not.include(INTEGRATIONS_FILE);
    expect(kustomization.resources).to.include('../crds');
  });

  it('crds/Kustomization lists exactly the generated CRD files', () => {
    const k = yaml.load(readFileSync(join(ROOT, 'crds/Kustomization'), 'utf8')) as {
      kind: string;
      resources: string[];
    };
    expect(k.kind).to.equal('Kustomization');
    expect([...k.resources].sort()).to.deep.equal(Object.keys(renderCrds()).sort());
  });

  it('everything namespaced lives in ecs2eks-system, which enforces the restricted Pod Security level', () => {
    const ns = one<Obj>(installed, 'Namespace', NS);
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).to.equal('restricted');
    for (const d of installed) {
      if (['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(d.kind))
        expect(d.metadata.namespace, `${d.kind} ${d.metadata.name}`).to.equal(undefined);
      else expect(d.metadata.namespace, `${d.kind} ${d.metadata.name}`).to.equal(NS);
    }
  });

  describe('RBAC', () => {
    const allRoles = [clusterRole, leaderRole, integrationsRole];

    it('has no wildcard anywhere and never grants secrets, configmaps, nodes, namespaces or RBAC objects', () => {
      for (const role of allRoles) {
        expect(JSON.stringify(role.rules), `${role.kind} ${role.metadata.name}`).to.not.include('*');
        for (const rule of role.rules) {
          expect(rule.nonResourceURLs, 'nonResourceURLs').to.equal(undefined);
          for (const res of rule.resources ?? [])
            expect(['secrets', 'configmaps', 'nodes', 'namespaces'], `${role.metadata.name}: ${res}`).to.not.include(
              res.split('/')[0],
            );
          expect(rule.apiGroups ?? [], role.metadata.name).to.not.include('rbac.authorization.k8s.io');
          expect(rule.verbs, role.metadata.name).to.not.include.members([
            'escalate',
            'bind',
            'impersonate',
            'deletecollection',
          ]);
        }
      }
    });

    it('covers every kind the translator emits: apply (get, list, watch, create, patch) and prune (delete)', () => {
      const kinds = emitted;
      // Make sure the inputs exercised the interesting kinds, or this test proves little.
      expect([...kinds.values()].map((k) => k.kind)).to.include.members([
        'Deployment',
        'DaemonSet',
        'Pod',
        'Service',
        'ServiceAccount',
        'PersistentVolume',
        'PersistentVolumeClaim',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
        'TargetGroupBinding',
        'ExternalSecret',
      ]);
      for (const { apiVersion, kind } of kinds.values()) {
        const { group, plural } = resourceOf(apiVersion, kind);
        const rules = OPTIONAL_KINDS.has(kind) ? integrationsRole.rules : clusterRole.rules;
        expect([...verbsOn(rules, group, plural)], `${apiVersion} ${kind} (${plural})`).to.include.members(MANAGE);
        if (OPTIONAL_KINDS.has(kind))
          expect([...verbsOn(clusterRole.rules, group, plural)], `${kind} only in the integrations role`).to.be.empty;
      }
    });

    it('covers the kube layer: CR watch and status apply, ControllerRevisions, Events, the leader Lease', () => {
      for (const ref of Object.values(STATUS_RESOURCES)) {
        expect([...verbsOn(clusterRole.rules, ref.group, ref.plural)], ref.plural).to.include.members([
          'get',
          'list',
          'watch',
        ]);
        expect([...verbsOn(clusterRole.rules, ref.group, `${ref.plural}/status`)], `${ref.plural}/status`).to.include(
          'patch',
        );
        // The operator never writes the user's ECS resources, only their status.
        expect([...verbsOn(clusterRole.rules, ref.group, ref.plural)].sort(), ref.plural).to.deep.equal([
          'get',
          'list',
          'watch',
        ]);
      }
      const cr = RESOURCES.controllerRevisions;
      expect([...verbsOn(clusterRole.rules, cr.group, cr.plural)]).to.include.members(MANAGE);
      expect([...verbsOn(clusterRole.rules, RESOURCES.events.group, 'events')]).to.include.members(['create', 'patch']);
      expect([...verbsOn(clusterRole.rules, RESOURCES.events.group, 'events')]).to.not.include.members([
        'get',
        'list',
        'watch',
        'delete',
      ]);
      // The Lease: only in the operator's namespace, through a Role, with exactly what the elector calls.
      expect(leaderRole.metadata.namespace).to.equal(NS);
      expect([...verbsOn(leaderRole.rules, RESOURCES.leases.group, RESOURCES.leases.plural)].sort()).to.deep.equal([
        'create',
        'get',
        'update',
      ]);
      expect(
        verbsOn(clusterRole.rules, RESOURCES.leases.group, RESOURCES.leases.plural).size,
        'no cluster-wide leases',
      ).to.equal(0);
    });

    it('grants nothing the operator does not use', () => {
      const used = [...emitted.values()]
        .filter((k) => !OPTIONAL_KINDS.has(k.kind))
        .map((k) => resourceOf(k.apiVersion, k.kind));
      const ecs = Object.values(STATUS_RESOURCES).flatMap((r) =>
        [r.plural, `${r.plural}/status`, `${r.plural}/finalizers`].map((p) => `${r.group}/${p}`),
      );
      const allowed = new Set([
        ...used.map((r) => `${r.group}/${r.plural}`),
        ...ecs,
        `${RESOURCES.controllerRevisions.group}/${RESOURCES.controllerRevisions.plural}`,
        `${RESOURCES.events.group}/events`,
        `${RESOURCES.eventsV1.group}/events`,
        // Secure metrics (src/kube/metrics-auth.ts).
        `${RESOURCES.tokenReviews.group}/${RESOURCES.tokenReviews.plural}`,
        `${RESOURCES.subjectAccessReviews.group}/${RESOURCES.subjectAccessReviews.plural}`,
      ]);
      for (const gr of grantedResources(clusterRole.rules)) expect(allowed, `ClusterRole grants ${gr}`).to.include(gr);
      expect(grantedResources(integrationsRole.rules).sort()).to.deep.equal([
        '/persistentvolumeclaims',
        '/persistentvolumes',
        'elbv2.k8s.aws/targetgroupbindings',
        'external-secrets.io/externalsecrets',
        'vpcresources.k8s.aws/securitygrouppolicies',
      ]);
      // Finalizers: update only (the OwnerReferencesPermissionEnforcement check for blockOwnerDeletion).
      for (const r of Object.values(STATUS_RESOURCES))
        expect([...verbsOn(clusterRole.rules, r.group, `${r.plural}/finalizers`)]).to.deep.equal(['update']);
    });

    it('binds every role to the operator ServiceAccount, which the Deployment runs as', () => {
      one<Obj>(installed, 'ServiceAccount', SA);
      const bindings = [...installed, ...integrationDocs].filter(
        (d): d is Binding => d.kind === 'ClusterRoleBinding' || d.kind === 'RoleBinding',
      );
      for (const role of allRoles) {
        const b = bindings.filter((x) => x.roleRef.kind === role.kind && x.roleRef.name === role.metadata.name);
        expect(b, `binding of ${role.kind} ${role.metadata.name}`).to.have.lengthOf(1);
        expect(b[0].subjects).to.deep.equal([{ kind: 'ServiceAccount', name: SA, namespace: NS }]);
        if (role.kind === 'Role') expect(b[0].kind).to.equal('RoleBinding');
        if (b[0].kind === 'RoleBinding') expect(b[0].metadata.namespace).to.equal(role.metadata.namespace);
      }
      expect(deployment.spec.template.spec.serviceAccountName).to.equal(SA);
      expect(deployment.spec.template.spec.automountServiceAccountToken).to.equal(true);
    });
  });

  describe('operator Deployment', () => {
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];

    it('runs 2 replicas of one container selected by its own pod labels', () => {
      expect(deployment.spec.replicas).to.equal(2);
      expect(pod.containers).to.have.lengthOf(1);
      expect(deployment.spec.template.metadata.labels).to.include(deployment.spec.selector.matchLabels);
      expect(container.image).to.match(/^[^:@]+:\d+\.\d+\.\d+$/);
    });

    it('passes flags the operator accepts: leader election in ecs2eks-system, servers on all interfaces', () => {
      expect(container.args).to.include('--leader-elect');
      expect(container.command, 'the image ENTRYPOINT runs `ecs2eks operator`').to.equal(undefined);
      const r = loadOperatorConfig(container.args ?? []);
      if (r.help) throw new Error('args ask for help');
      expect(r.config.leaderElection.enabled).to.equal(true);
      expect(r.config.leaderElection.namespace).to.equal(leaderRole.metadata.namespace);
      expect(r.config.probeAddress?.host, 'probes must be reachable from the kubelet').to.equal('0.0.0.0');
      expect(r.config.metricsAddress?.host).to.equal('0.0.0.0');
      const portNamed = (name: string) => container.ports?.find((p) => p.name === name)?.containerPort;
      expect(portNamed('probes')).to.equal(r.config.probeAddress?.port);
      expect(portNamed('metrics')).to.equal(r.config.metricsAddress?.port);
      // The optional integrations stay off: their RBAC is not installed by default.
      expect(Object.values(r.config.integrations).filter((v) => v === true)).to.deep.equal([]);
    });

    it('probes /healthz (liveness) and /readyz (readiness) on the probe port', () => {
      const port = (p: IntOrString) =>
        typeof p === 'number' ? p : container.ports?.find((x) => x.name === p)?.containerPort;
      expect(container.livenessProbe?.httpGet?.path).to.equal('/healthz');
      expect(container.readinessProbe?.httpGet?.path).to.equal('/readyz');
      expect(port(container.livenessProbe!.httpGet!.port)).to.equal(8081);
      expect(port(container.readinessProbe!.httpGet!.port)).to.equal(8081);
    });

    it('sets resource requests and limits', () => {
      for (const k of ['cpu', 'memory']) {
        expect(container.resources?.requests?.[k], `requests.${k}`).to.be.a('string');
        expect(container.resources?.limits?.[k], `limits.${k}`).to.be.a('string');
      }
    });

    it('runs non-root, read-only, without privilege escalation or capabilities, under RuntimeDefault seccomp', () => {
      const sc = container.securityContext!;
      expect(sc.runAsNonRoot).to.equal(true);
      expect(sc.readOnlyRootFilesystem).to.equal(true);
      expect(sc.allowPrivilegeEscalation).to.equal(false);
      expect(sc.capabilities?.drop).to.deep.equal(['ALL']);
      expect(sc.capabilities!.add).to.equal(undefined);
      expect(sc.seccompProfile?.type).to.equal('RuntimeDefault');
      expect(sc.privileged ?? false).to.equal(false);
      expect(pod.securityContext?.runAsNonRoot).to.equal(true);
      expect(pod.securityContext?.runAsUser).to.be.a('number').above(0);
      expect(pod.hostNetwork ?? false).to.equal(false);
    });

    it('has a metrics Service selecting its pods on the metrics port', () => {
      const svc = one<Service>(installed, 'Service', 'ecs2eks-operator-metrics');
      expect(deployment.spec.template.metadata.labels).to.include(svc.spec.selector);
      expect(svc.spec.ports).to.have.lengthOf(1);
      expect(svc.spec.ports?.[0].port).to.equal(8443);
      expect(svc.spec.ports?.[0].targetPort).to.equal('metrics');
    });

    it('serves metrics securely: HTTPS for tokens allowed by a metrics-reader role, reviewed by the operator', () => {
      const r = loadOperatorConfig(container.args ?? []);
      if (r.help) throw new Error('args ask for help');
      expect(r.config.metricsSecure).to.equal(true);
      const reader = one<Role>(installed, 'ClusterRole', 'ecs2eks-metrics-reader');
      expect(reader.rules).to.deep.equal([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
      const reviews = clusterRole.rules.filter((x) => (x.resources ?? []).some((res) => /reviews$/.test(res)));
      expect(reviews.map((x) => [x.apiGroups, x.resources, x.verbs])).to.deep.equal([
        [['authentication.k8s.io'], ['tokenreviews'], ['create']],
        [['authorization.k8s.io'], ['subjectaccessreviews'], ['create']],
      ]);
    });
  });
});
