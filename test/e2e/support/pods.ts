// Pod and node read-outs shared by the e2e tests.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { kubectlJson } from './kubectl.js';

export interface List<T> {
  items: T[];
}

export async function podsWithLabel(namespace: string, selector: string): Promise<V1Pod[]> {
  return (await kubectlJson<List<V1Pod>>(['-n', namespace, 'get', 'pods', '-l', selector])).items;
}

export async function getPod(namespace: string, name: string): Promise<V1Pod> {
  return kubectlJson<V1Pod>(['-n', namespace, 'get', 'pod', name]);
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isRunningAndReady(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod) && !pod.metadata?.deletionTimestamp;
}

/** node name -> topology.kubernetes.io/zone */
export async function nodeZones(): Promise<Map<string, string>> {
  const nodes = (await kubectlJson<List<V1Node>>(['get', 'nodes'])).items;
  return new Map(nodes.map((n) => [n.metadata!.name!, n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '?']));
}

/** A minimal single-container pod template; kwok never pulls or runs the image. */
export function podTemplate(labels: Record<string, string>, image: string, extra: object = {}) {
  return {
    metadata: { labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'app', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      ...extra,
    },
  };
}

/** A bare Pod labelled app=<name>, built from podTemplate. */
export function podManifest(
  name: string,
  image: string,
  specExtra: object = {},
  annotations: Record<string, string> = {},
) {
  const t = podTemplate({ app: name }, image, specExtra);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations, ...t.metadata }, spec: t.spec };
}
