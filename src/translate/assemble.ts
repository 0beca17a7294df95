/**
 * Shared steps of the Service and Task translations: merging scheduling constraints into the pod
 * spec, findings for AWS-side request members, and the deterministic ordering of the output.
 */
import type { NetworkConfiguration } from '../ecs/schema.gen.js';
import type { CapacityPlacement } from './capacity.js';
import { compact } from './findings.js';
import { reportMembers } from './member-findings.js';
import type { Placement } from './placement.js';
import type { Finding, FindingSource, KubeObject, Translation } from './types.js';

/** Order of kinds in a translation: what others depend on first. Unknown kinds follow, by name. */
const KIND_ORDER = [
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ExternalSecret',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'DaemonSet',
  'Pod',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'TargetGroupBinding',
];

const rank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * finish puts every object in `namespace` (cluster-scoped PersistentVolumes excepted), gives every
 * object the resource's identity labels (the operator prunes and watches by them, so an object
 * without them would be invisible to it; its own labels win where they overlap), strips
 * null/undefined, sorts objects by kind order then name and findings by source, path, level and
 * message (dropping exact duplicates).
 */
export function finish(
  objects: KubeObject[],
  findings: Finding[],
  namespace: string,
  identity: Record<string, string> = {},
): Translation {
  const objs = objects
    .map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: sortLabels({ ...identity, ...(o.metadata.labels ?? {}) }) },
    }))
    .map((o) => compact(o.kind === 'PersistentVolume' ? o : { ...o, metadata: { ...o.metadata, namespace } }))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || cmp(a.kind, b.kind) || cmp(a.metadata.name, b.metadata.name));
  const seen = new Set<string>();
  const fs = [...findings]
    .sort(
      (a, b) => cmp(a.source, b.source) || cmp(a.path, b.path) || cmp(a.level, b.level) || cmp(a.message, b.message),
    )
    .filter((f) => {
      const key = JSON.stringify([f.source, f.path, f.level, f.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { objects: objs, findings: fs };
}

function sortLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => cmp(a, b)));
}

/** withScheduling returns the pod spec with the placement and capacity-provider constraints merged in. */
export function withScheduling(
  spec: Record<string, unknown>,
  placement: Placement,
  capacity: CapacityPlacement,
  findings: Finding[],
  source: FindingSource,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  if (capacity.nodeSelector) {
    const current = (spec.nodeSelector as Record<string, string> | undefined) ?? {};
    const merged = { ...current };
    for (const [k, v] of Object.entries(capacity.nodeSelector)) {
      if (current[k] !== undefined && current[k] !== v) {
        findings.push({
          source,
          path: 'capacityProviderStrategy',
          level: 'Approximated',
          message: `node label ${k}=${v} conflicts with the task definition's ${k}=${current[k]}; the task definition's is kept`,
        });
      } else merged[k] = v;
    }
    out.nodeSelector = merged;
  }
  if (capacity.tolerations) {
    const current = (spec.tolerations as Array<Record<string, unknown>> | undefined) ?? [];
    const keys = new Set(current.map((t) => JSON.stringify(compact(t))));
    out.tolerations = [...current, ...capacity.tolerations.filter((t) => !keys.has(JSON.stringify(compact(t))))];
  }
  if (placement.affinity) {
    if (spec.affinity)
      findings.push({
        source,
        path: 'placementConstraints',
        level: 'Approximated',
        message: 'the pod template already had an affinity; it is replaced by the placement constraints',
      });
    out.affinity = placement.affinity;
  }
  if (placement.topologySpreadConstraints) out.topologySpreadConstraints = placement.topologySpreadConstraints;
  return out;
}

/** networkFindings reports the awsvpc settings, which are per-ENI in ECS and per-node or per-cluster in Kubernetes. */
export function networkFindings(
  nc: NetworkConfiguration | null | undefined,
  source: FindingSource,
  findings: Finding[],
  sgp?: { name: string; namespace: string; selector: Record<string, string>; enabled: boolean },
): KubeObject[] {
  const vpc = nc?.awsvpcConfiguration;
  if (!vpc) return [];
  const path = 'networkConfiguration.awsvpcConfiguration';
  const objects: KubeObject[] = [];
  reportMembers(
    findings,
    source,
    `${path}.subnets`,
    vpc.subnets?.length ? vpc.subnets : undefined,
    'Unsupported',
    'pods get addresses from the cluster network (VPC CNI custom networking is per node), not from these subnets',
  );
  const groups = vpc.securityGroups?.length ? vpc.securityGroups : undefined;
  if (groups && sgp?.enabled) {
    // Security groups for pods (VPC CNI with ENABLE_POD_ENI): the groups attach to each pod's branch ENI.
    objects.push({
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: sgp.name, namespace: sgp.namespace },
      spec: { podSelector: { matchLabels: { ...sgp.selector } }, securityGroups: { groupIds: [...groups] } },
    });
    findings.push({
      source,
      path: `${path}.securityGroups`,
      level: 'Info',
      message:
        'applied through a SecurityGroupPolicy (security groups for pods: the VPC CNI needs ENABLE_POD_ENI, and nodes that support branch ENIs)',
    });
  } else
    reportMembers(
      findings,
      source,
      `${path}.securityGroups`,
      groups,
      'Unsupported',
      'security groups for pods need a SecurityGroupPolicy (VPC CNI); not applied (--enable security-group-policy generates one)',
    );
  if (vpc.assignPublicIp === 'ENABLED') {
    findings.push({
      source,
      path: `${path}.assignPublicIp`,
      level: 'Unsupported',
      message: 'pods do not get public IP addresses; expose them through a Service or an Ingress',
    });
  }
  return objects;
}

/** awsSideFindings reports request members that only steer the AWS API (Info: no effect on Kubernetes). */
export function awsSideFindings(request: Record<string, unknown>, source: FindingSource, findings: Finding[]): void {
  const notes: Record<string, string> = {
    cluster: 'the target cluster and namespace are chosen by where the resource is applied',
    clientToken: 'server-side apply is idempotent by itself',
    platformVersion: 'there is no Fargate platform version in Kubernetes',
    role: 'no IAM role is needed to register pods with a load balancer',
    referenceId: 'used only inside ECS',
    enableECSManagedTags: 'pods carry ecs2eks labels naming their service or task instead of aws:ecs:* tags',
    enableExecuteCommand:
      'kubectl exec is always available, governed by RBAC (pods/exec), and cannot be switched per workload',
  };
  for (const key of Object.keys(notes)) {
    const v = request[key];
    if (v !== null && v !== undefined && v !== '')
      findings.push({ source, path: key, level: 'Info', message: notes[key] });
  }
}
