/**
 * What the translation may assume about the target cluster and what the platform team allows.
 * The CLI builds these from flags, the operator from its configuration; both start from the defaults.
 */

/** allow: translate the feature; refuse: reject the resource with a RefusedByPolicy error naming the field. */
export type PolicyDecision = 'allow' | 'refuse';

export interface Policy {
  privileged: PolicyDecision;
  hostNetwork: PolicyDecision;
  hostPath: PolicyDecision;
  addedCapabilities: PolicyDecision;
}

export interface NodePlacement {
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, unknown>>;
}

export interface TranslateOptions {
  /** Namespace of every generated object. */
  namespace: string;
  /** Optional integrations, off by default so that output works on a bare kind/minikube cluster. */
  integrations: {
    targetGroupBinding: boolean;
    externalSecrets: boolean;
    efs: boolean;
    fargateNodeSelection: boolean;
  };
  /** ECS attribute name (without `attribute:`) → node label key, for memberOf expressions and spread. */
  placementAttributes: Record<string, string>;
  /** Capacity provider / launch type name → node selector and tolerations. */
  capacityProviders: Record<string, NodePlacement>;
  policy: Policy;
  /** Whether the target apiserver supports pod-level `spec.resources` (PodLevelResources, beta on 1.34+). */
  podLevelResources: boolean;
  /** Name of the SecretStore an ExternalSecret refers to (externalSecrets integration). */
  secretStoreName: string;
  /** StorageClass for EFS PersistentVolumeClaims (efs integration). */
  efsStorageClass: string;
}

export const DEFAULT_PLACEMENT_ATTRIBUTES: Readonly<Record<string, string>> = {
  'ecs.availability-zone': 'topology.kubernetes.io/zone',
  'ecs.instance-type': 'node.kubernetes.io/instance-type',
  'ecs.os-type': 'kubernetes.io/os',
  'ecs.cpu-architecture': 'kubernetes.io/arch',
};

export const DEFAULT_CAPACITY_PROVIDERS: Readonly<Record<string, NodePlacement>> = {
  FARGATE: { nodeSelector: { 'eks.amazonaws.com/compute-type': 'fargate' } },
  FARGATE_SPOT: { nodeSelector: { 'eks.amazonaws.com/compute-type': 'fargate' } },
};

/** defaultOptions: everything off, policy permissive (local use), pod-level resources assumed available. */
export function defaultOptions(overrides: Partial<TranslateOptions> = {}): TranslateOptions {
  return {
    namespace: 'default',
    integrations: { targetGroupBinding: false, externalSecrets: false, efs: false, fargateNodeSelection: false },
    placementAttributes: { ...DEFAULT_PLACEMENT_ATTRIBUTES },
    capacityProviders: structuredClone(DEFAULT_CAPACITY_PROVIDERS),
    policy: { privileged: 'allow', hostNetwork: 'allow', hostPath: 'allow', addedCapabilities: 'allow' },
    podLevelResources: true,
    secretStoreName: 'aws-secrets-manager',
    efsStorageClass: 'efs-sc',
    ...overrides,
  };
}
