/**
 * What the translation may assume about the target cluster and what the platform team allows.
 * The CLI builds these from flags, the operator from its configuration; both start from the defaults.
 */

import { InputError } from '../ecs/errors.js';

/** The reason of every policy refusal: in conditions and Events, and how the operator recognises one. */
export const REFUSED_BY_POLICY = 'RefusedByPolicy';

/** policyRefusal is the error for a field the operator policy refuses, naming the field. */
export function policyRefusal(path: string, message: string): InputError {
  return new InputError(path, message, REFUSED_BY_POLICY);
}

/** allow: translate the feature; refuse: reject the resource with a RefusedByPolicy error naming the field. */
export type PolicyDecision = 'allow' | 'refuse';

/**
 * What the operator may put into a pod on a user's behalf. Each `refuse` closes one of the holes the
 * Kubernetes Pod Security Standards' baseline level closes, so that the `strict` preset produces only
 * pods that Pod Security admission accepts at `baseline` (see POLICY_PRESETS).
 */
export interface Policy {
  /** `privileged: true`. */
  privileged: PolicyDecision;
  /** networkMode host, pidMode host and ipcMode host (the host's namespaces). */
  hostNetwork: PolicyDecision;
  /** host bind mounts (hostPath volumes). */
  hostPath: PolicyDecision;
  /** capabilities beyond the baseline set (Docker's defaults, e.g. NET_BIND_SERVICE, CHOWN); NET_ADMIN, SYS_ADMIN, ALL... */
  addedCapabilities: PolicyDecision;
  /** a hostPort in bridge mode (host mode is covered by hostNetwork). */
  hostPorts: PolicyDecision;
  /** seccomp/apparmor unconfined, SELinux types other than the container ones, SELinux user or role. */
  unconfinedProfiles: PolicyDecision;
  /** sysctls outside the kubelet's safe set (the baseline's allowed list). */
  unsafeSysctls: PolicyDecision;
}

/** Every policy decision, in a stable order (for flags, config keys and messages). */
export const POLICY_KEYS = [
  'privileged',
  'hostNetwork',
  'hostPath',
  'addedCapabilities',
  'hostPorts',
  'unconfinedProfiles',
  'unsafeSysctls',
] as const satisfies ReadonlyArray<keyof Policy>;

const policyOf = (d: PolicyDecision): Policy => Object.fromEntries(POLICY_KEYS.map((k) => [k, d])) as unknown as Policy;

/**
 * Policy presets. `local` allows everything: for a developer's own cluster, where whoever creates ECS
 * resources could create any pod anyway. `strict` refuses everything the Pod Security Standards'
 * `baseline` level forbids, so the operator never gives a user more than a baseline namespace would.
 * Baseline, not restricted: restricted also demands non-root users and dropping every capability,
 * which most ECS images (root by default, as on ECS itself) would fail at the kubelet.
 */
export const POLICY_PRESETS: Readonly<Record<'local' | 'strict', Readonly<Policy>>> = {
  local: policyOf('allow'),
  strict: policyOf('refuse'),
};

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
    securityGroupPolicy: boolean;
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
  /**
   * The most tasks one service may run (desiredCount, autoScaling.maxCapacity): ECS's default quota
   * of tasks per service. A count above it is refused, not turned into a Deployment of that size.
   */
  maxTasksPerService: number;
  /**
   * `ecs`: pull a tagged image on every start (ECS's agent pulls at each task start, so a re-pushed tag
   * is picked up) and a digest only when missing; `IfNotPresent`: never pull an image the node has (for
   * images side-loaded into kind or minikube, which no registry serves).
   */
  imagePullPolicy: ImagePullMode;
  /**
   * Who applies the output: the operator (which also stops a task whose essential container exited),
   * or a user with kubectl (the CLI), where the generated objects alone must say what they cannot do.
   */
  appliedBy: 'operator' | 'cli';
  /**
   * A RuntimeClass (gVisor, Kata...) for FARGATE tasks: Fargate runs each task in its own kernel, and
   * a sandboxed runtime class reproduces that isolation on ordinary nodes. Empty: none.
   */
  fargateRuntimeClass: string;
}

export type ImagePullMode = 'ecs' | 'IfNotPresent';
export const IMAGE_PULL_MODES: readonly ImagePullMode[] = ['ecs', 'IfNotPresent'];

/** ECS's default service quota: 5,000 tasks per service. */
export const DEFAULT_MAX_TASKS_PER_SERVICE = 5000;

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
    integrations: {
      targetGroupBinding: false,
      externalSecrets: false,
      efs: false,
      fargateNodeSelection: false,
      securityGroupPolicy: false,
    },
    placementAttributes: { ...DEFAULT_PLACEMENT_ATTRIBUTES },
    capacityProviders: structuredClone(DEFAULT_CAPACITY_PROVIDERS),
    policy: { ...POLICY_PRESETS.local },
    podLevelResources: true,
    secretStoreName: 'aws-secrets-manager',
    efsStorageClass: 'efs-sc',
    maxTasksPerService: DEFAULT_MAX_TASKS_PER_SERVICE,
    imagePullPolicy: 'ecs',
    appliedBy: 'operator',
    fargateRuntimeClass: '',
    ...overrides,
  };
}
