/**
 * The "create before you migrate" checklist: what must exist in AWS or the cluster before the
 * converted objects work, derived from the parsed ECS specs and the translation output of every row
 * that converts. Pure: no I/O. Every list is deduplicated and sorted.
 *
 * | item           | taken from                                                                          |
 * | -------------- | ----------------------------------------------------------------------------------- |
 * | secrets        | every `secretKeyRef {name, key}` in the generated objects (the Kubernetes Secrets    |
 * |                | the pods read: created by hand, or by External Secrets from an ExternalSecret)       |
 * | iamRoles       | taskRoleArn and executionRoleArn of the task definition; a ServiceAccount carrying   |
 * |                | `eks.amazonaws.com/role-arn` names the service account the trust policy must allow   |
 * | targetGroups   | `loadBalancers[].targetGroupArn` of each service                                     |
 * | efsFileSystems | `volumes[].efsVolumeConfiguration.fileSystemId` (with access point ids)              |
 *
 * The trust-policy skeleton uses placeholders only (<ACCOUNT_ID>, <OIDC_PROVIDER>, and
 * <NAMESPACE>/<SERVICE_ACCOUNT> when no ServiceAccount assumes the role).
 */
import type { ServiceSpec, TaskDefinitionSpec } from '../../ecs/model.js';
import type { KubeObject } from '../../translate/types.js';

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

export interface ChecklistSource {
  /** How the row is named in the report, e.g. `Service web`. */
  resource: string;
  taskDefinition: TaskDefinitionSpec;
  service?: ServiceSpec;
  objects: readonly KubeObject[];
}

export interface SecretItem {
  name: string;
  keys: string[];
  usedBy: string[];
}

export interface RoleItem {
  arn: string;
  /** taskRoleArn, executionRoleArn or both. */
  as: string[];
  /** `namespace:name` of the ServiceAccounts that assume it (empty when none does). */
  serviceAccounts: string[];
  usedBy: string[];
  /** A trust policy for the cluster's OIDC provider, with placeholders. */
  trustPolicy: unknown;
}

export interface TargetGroupItem {
  arn: string;
  usedBy: string[];
}

export interface EfsItem {
  fileSystemId: string;
  accessPointIds: string[];
  usedBy: string[];
}

export interface Checklist {
  secrets: SecretItem[];
  iamRoles: RoleItem[];
  targetGroups: TargetGroupItem[];
  efsFileSystems: EfsItem[];
}

/** trustPolicy returns the IRSA trust-policy skeleton for service accounts `subjects` (`ns:name`). */
export function trustPolicy(subjects: readonly string[]): unknown {
  const subs = (subjects.length > 0 ? subjects : ['<NAMESPACE>:<SERVICE_ACCOUNT>']).map(
    (s) => `system:serviceaccount:${s}`,
  );
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::<ACCOUNT_ID>:oidc-provider/<OIDC_PROVIDER>' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            '<OIDC_PROVIDER>:aud': 'sts.amazonaws.com',
            '<OIDC_PROVIDER>:sub': subs.length === 1 ? subs[0] : subs,
          },
        },
      },
    ],
  };
}

/** secretRefs finds every `secretKeyRef: {name, key}` anywhere in `v`. */
function secretRefs(v: unknown, out: Array<{ name: string; key: string }>): void {
  if (Array.isArray(v)) for (const x of v) secretRefs(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'secretKeyRef' && x !== null && typeof x === 'object') {
        const { name, key } = x as { name?: unknown; key?: unknown };
        if (typeof name === 'string' && typeof key === 'string') out.push({ name, key });
      } else secretRefs(x, out);
    }
  }
}

const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

/** checklist derives the checklist of all sources. */
export function checklist(sources: readonly ChecklistSource[]): Checklist {
  const secrets = new Map<string, { keys: Set<string>; usedBy: Set<string> }>();
  const roles = new Map<string, { as: Set<string>; sas: Set<string>; usedBy: Set<string> }>();
  const tgs = new Map<string, Set<string>>();
  const efs = new Map<string, { aps: Set<string>; usedBy: Set<string> }>();
  const role = (arn: string) => {
    let r = roles.get(arn);
    if (!r) roles.set(arn, (r = { as: new Set(), sas: new Set(), usedBy: new Set() }));
    return r;
  };

  for (const s of sources) {
    const refs: Array<{ name: string; key: string }> = [];
    secretRefs(s.objects, refs);
    for (const { name, key } of refs) {
      let e = secrets.get(name);
      if (!e) secrets.set(name, (e = { keys: new Set(), usedBy: new Set() }));
      e.keys.add(key);
      e.usedBy.add(s.resource);
    }
    const td = s.taskDefinition;
    for (const field of ['taskRoleArn', 'executionRoleArn'] as const) {
      const arn = td[field];
      if (typeof arn === 'string' && arn !== '') {
        const r = role(arn);
        r.as.add(field);
        r.usedBy.add(s.resource);
      }
    }
    for (const o of s.objects) {
      const arn = o.kind === 'ServiceAccount' ? o.metadata.annotations?.[IRSA_ANNOTATION] : undefined;
      if (arn) role(arn).sas.add(`${o.metadata.namespace ?? '<NAMESPACE>'}:${o.metadata.name ?? '<SERVICE_ACCOUNT>'}`);
    }
    for (const lb of s.service?.loadBalancers ?? []) {
      if (!lb.targetGroupArn) continue;
      tgs.set(lb.targetGroupArn, (tgs.get(lb.targetGroupArn) ?? new Set()).add(s.resource));
    }
    for (const v of td.volumes ?? []) {
      const c = v.efsVolumeConfiguration;
      if (!c?.fileSystemId) continue;
      let e = efs.get(c.fileSystemId);
      if (!e) efs.set(c.fileSystemId, (e = { aps: new Set(), usedBy: new Set() }));
      if (c.authorizationConfig?.accessPointId) e.aps.add(c.authorizationConfig.accessPointId);
      e.usedBy.add(s.resource);
    }
  }

  return {
    secrets: [...secrets.keys()].sort().map((name) => {
      const e = secrets.get(name)!;
      return { name, keys: sorted(e.keys), usedBy: sorted(e.usedBy) };
    }),
    iamRoles: [...roles.keys()].sort().map((arn) => {
      const r = roles.get(arn)!;
      const sas = sorted(r.sas);
      return { arn, as: sorted(r.as), serviceAccounts: sas, usedBy: sorted(r.usedBy), trustPolicy: trustPolicy(sas) };
    }),
    targetGroups: [...tgs.keys()].sort().map((arn) => ({ arn, usedBy: sorted(tgs.get(arn)!) })),
    efsFileSystems: [...efs.keys()].sort().map((fileSystemId) => {
      const e = efs.get(fileSystemId)!;
      return { fileSystemId, accessPointIds: sorted(e.aps), usedBy: sorted(e.usedBy) };
    }),
  };
}
