/**
 * Who the pod runs as and where: the task role → a ServiceAccount with the IRSA annotation, private
 * registry credentials → imagePullSecrets, dockerLabels and tags → pod labels or annotations,
 * runtimePlatform and Fargate → node selection, plus the task-level fields with no effect.
 */
import type { TaskDefinitionSpec } from '../ecs/model.js';
import { cpath, type FindingSink } from './findings.js';
import { windowsEvidence } from './windows.js';
import { dnsLabel, labelKey, labelValue } from './names.js';
import { isReservedKey } from './labels.js';
import type { TranslateOptions } from './options.js';
import type { KubeObject } from './types.js';

export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const DOCKER_LABELS_ANNOTATION = 'ecs2eks.dev/docker-labels';
export const TAGS_ANNOTATION = 'ecs2eks.dev/tags';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** serviceAccountFor returns the ServiceAccount for the task role (named after the workload), if any. */
export function serviceAccountFor(
  spec: TaskDefinitionSpec,
  workloadName: string,
  options: TranslateOptions,
  sink: FindingSink,
): KubeObject | undefined {
  const role = spec.taskRoleArn;
  if (!role) return undefined;
  const sa: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: workloadName, namespace: options.namespace },
  };
  if (ROLE_ARN.test(role)) {
    sa.metadata.annotations = { [IRSA_ANNOTATION]: role };
    sink.approximated(
      'taskRoleArn',
      `ServiceAccount "${workloadName}" assumes the role through IRSA: its trust policy must trust the cluster's OIDC provider for system:serviceaccount:${options.namespace}:${workloadName} (ECS trusts ecs-tasks.amazonaws.com)`,
    );
  } else {
    sink.approximated(
      'taskRoleArn',
      `"${role}" is not a full role ARN; IRSA needs one: ServiceAccount "${workloadName}" has no role annotation`,
    );
  }
  return sa;
}

/** pullSecretName returns the deterministic name of the registry Secret for a credentials parameter. */
export function pullSecretName(credentialsParameter: string): string {
  const id = credentialsParameter.replace(/^arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:/, '');
  return dnsLabel(`regcred-${id}`);
}

/** imagePullSecrets returns the sorted, unique pull Secret names of the containers' repositoryCredentials. */
export function imagePullSecrets(spec: TaskDefinitionSpec, sink: FindingSink): Array<{ name: string }> {
  const names = new Set<string>();
  spec.containerDefinitions.forEach((c, i) => {
    const param = c.repositoryCredentials?.credentialsParameter;
    if (!param) return;
    const name = pullSecretName(param);
    names.add(name);
    sink.approximated(
      cpath(i, '.repositoryCredentials.credentialsParameter'),
      `image pull Secret "${name}": create it (type kubernetes.io/dockerconfigjson) from ${param}`,
    );
  });
  return [...names].sort().map((name) => ({ name }));
}

/**
 * podLabels returns the caller's labels plus dockerLabels and tags that are valid label keys and
 * values; the rest become annotations (valid keys as themselves, others in one JSON annotation).
 */
export function podLabels(
  spec: TaskDefinitionSpec,
  required: Record<string, string>,
  sink: FindingSink,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = { ...required };
  const annotations: Record<string, string> = {};
  const place = (entries: Array<[string, string]>, jsonKey: string, path: string, what: string): void => {
    const asLabels: string[] = [];
    const asAnnotations: string[] = [];
    const rest: Record<string, string> = {};
    for (const [k, v] of entries) {
      if (isReservedKey(k)) {
        // A user's dockerLabel must never claim our labels: `ecs2eks.dev/service: web` on a Task would
        // put its pods into another service's running count and endpoints.
        rest[k] = v;
        sink.unsupported(
          path,
          `"${k}" is a reserved key (ecs2eks.dev/, kubernetes.io/, k8s.io/, app.kubernetes.io/managed-by): not a pod label or annotation; kept only in ${jsonKey}`,
        );
        continue;
      }
      // Own keys only: `constructor` or `toString` are ordinary label keys, not Object.prototype members.
      if (Object.hasOwn(labels, k) || Object.hasOwn(annotations, k)) {
        if (labels[k] !== v && annotations[k] !== v)
          asAnnotations.push(`${k} (conflicts with an earlier value; dropped)`);
        continue;
      }
      if (labelKey(k) !== undefined && labelValue(v) !== undefined) {
        labels[k] = v;
        asLabels.push(k);
      } else if (labelKey(k) !== undefined) {
        annotations[k] = v;
        asAnnotations.push(k);
      } else {
        rest[k] = v;
        asAnnotations.push(`${k} (in ${jsonKey})`);
      }
    }
    if (Object.keys(rest).length > 0) {
      const prev = annotations[jsonKey] ? (JSON.parse(annotations[jsonKey]) as Record<string, string>) : {};
      annotations[jsonKey] = JSON.stringify(Object.fromEntries(Object.entries({ ...prev, ...rest }).sort()));
    }
    const parts = [
      asLabels.length ? `pod labels: ${asLabels.join(', ')}` : '',
      asAnnotations.length ? `pod annotations: ${asAnnotations.join(', ')}` : '',
    ];
    sink.approximated(path, `${what} → ${parts.filter(Boolean).join('; ')}`);
  };
  spec.containerDefinitions.forEach((c, i) => {
    const entries = Object.entries(c.dockerLabels ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (entries.length > 0)
      place(
        entries,
        DOCKER_LABELS_ANNOTATION,
        cpath(i, '.dockerLabels'),
        'Kubernetes has no container labels; docker labels',
      );
  });
  const tags = (spec.tags ?? []).filter((t) => t.key).map((t) => [t.key!, t.value ?? ''] as [string, string]);
  if (tags.length > 0) place(tags, TAGS_ANNOTATION, 'tags', 'task definition tags');
  return { labels, annotations };
}

const WINDOWS_BUILDS: Record<string, string> = {
  '2016': '10.0.14393',
  '2019': '10.0.17763',
  '2004': '10.0.19041',
  '20H2': '10.0.19042',
  '2022': '10.0.20348',
  '2025': '10.0.26100',
};

/** nodePlacement returns nodeSelector and tolerations from runtimePlatform and Fargate node selection. */
export function nodePlacement(
  spec: TaskDefinitionSpec,
  options: TranslateOptions,
  sink: FindingSink,
): {
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, unknown>>;
  runtimeClassName?: string;
} {
  const nodeSelector: Record<string, string> = {};
  let tolerations: Array<Record<string, unknown>> | undefined;
  const rp = spec.runtimePlatform;
  if (rp?.cpuArchitecture) nodeSelector['kubernetes.io/arch'] = rp.cpuArchitecture === 'ARM64' ? 'arm64' : 'amd64';
  const os = rp?.operatingSystemFamily;
  const evidence = os ? [] : windowsEvidence(spec);
  if (evidence.length > 0) {
    nodeSelector['kubernetes.io/os'] = 'windows';
    sink.approximated(
      'runtimePlatform.operatingSystemFamily',
      `absent: Windows inferred from ${evidence.slice(0, 3).join(', ')}${evidence.length > 3 ? ` and ${evidence.length - 3} more` : ''}; the pod goes to Windows nodes of any build, with the Windows shell for CMD-SHELL checks and without pod-level resources (set runtimePlatform to choose)`,
    );
  }
  if (os === 'LINUX') nodeSelector['kubernetes.io/os'] = 'linux';
  else if (os) {
    nodeSelector['kubernetes.io/os'] = 'windows';
    const m = /^WINDOWS_SERVER_(\w+?)_(FULL|CORE)$/.exec(os);
    const build = m ? WINDOWS_BUILDS[m[1]] : undefined;
    if (build) nodeSelector['node.kubernetes.io/windows-build'] = build;
    sink.approximated(
      'runtimePlatform.operatingSystemFamily',
      `Windows nodes of build ${build ?? 'any'}; Kubernetes does not distinguish the FULL and CORE editions`,
    );
  }
  const compat = spec.requiresCompatibilities ?? [];
  if (compat.includes('FARGATE') && options.integrations.fargateNodeSelection) {
    const fargate = options.capacityProviders.FARGATE;
    Object.assign(nodeSelector, fargate?.nodeSelector ?? {});
    if (fargate?.tolerations?.length) tolerations = fargate.tolerations.map((t) => ({ ...t }));
    sink.info('requiresCompatibilities', 'FARGATE: the pod is placed on Fargate nodes (capacity provider FARGATE)');
  } else if (compat.length > 0) {
    sink.info(
      'requiresCompatibilities',
      `${compat.join(', ')} only selects what ECS validates; the pod runs on any suitable node`,
    );
  }
  // Fargate runs each task in its own kernel: EKS Fargate nodes do too; elsewhere a sandboxed
  // RuntimeClass the cluster offers can, when the platform team names one.
  let runtimeClassName: string | undefined;
  if (compat.includes('FARGATE') && !options.integrations.fargateNodeSelection) {
    if (options.fargateRuntimeClass) {
      runtimeClassName = options.fargateRuntimeClass;
      sink.info(
        'requiresCompatibilities',
        `FARGATE: runtimeClassName ${runtimeClassName} isolates the pod as Fargate isolates each task in its own kernel`,
      );
    } else
      sink.approximated(
        'requiresCompatibilities',
        'Fargate runs each task in its own kernel; this pod shares its node kernel with other pods (a sandboxed RuntimeClass, --fargate-runtime-class, or EKS Fargate nodes, --enable fargate-node-selection, isolate it)',
      );
  }
  if (spec.executionRoleArn)
    sink.info('executionRoleArn', 'the kubelet pulls images and the pod reads Secrets; the execution role is not used');
  if (spec.enableFaultInjection)
    sink.info('enableFaultInjection', 'ECS fault injection endpoints do not exist in Kubernetes');
  if (spec.inferenceAccelerators?.length)
    sink.unsupported('inferenceAccelerators', 'Elastic Inference accelerators have no Kubernetes equivalent');
  if (spec.proxyConfiguration) {
    sink.unsupported(
      'proxyConfiguration',
      `App Mesh proxy configuration (proxy container "${spec.proxyConfiguration.containerName}") is not applied: use a service mesh's own sidecar injection`,
    );
  }
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(tolerations ? { tolerations } : {}),
    ...(runtimeClassName ? { runtimeClassName } : {}),
  };
}
