// Shared setup of the kube/ e2e tests: our own client against $KUBECONFIG, and the CRDs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { HttpTransport, loadKubeConfig } from '../../../src/kube/client.js';
import { KubeApi } from '../../../src/kube/api.js';
import { createMetrics, type OperatorMetrics } from '../../../src/base/metrics.js';
import { repoRoot } from '../support/env.js';
import { kubectl } from '../support/kubectl.js';

export interface E2EClient {
  transport: HttpTransport;
  api: KubeApi;
  metrics: OperatorMetrics;
}

/** A client of the cluster in $KUBECONFIG with its own metrics registry (to count requests). */
export function e2eClient(): E2EClient {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBECONFIG is not set: run through test/cluster/with-cluster.sh');
  const metrics = createMetrics(new Registry());
  const transport = new HttpTransport(loadKubeConfig({ kubeconfig }), { qps: 100, burst: 200, metrics });
  return { transport, api: new KubeApi(transport), metrics };
}

/** Sum of a counter's values matching `labels`. */
export async function counterValue(
  metrics: OperatorMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((a, v) => a + v.value, 0);
}

/** Installs the generated CRDs (idempotent) and waits until they are Established. */
export async function installCrds(): Promise<void> {
  const dir = join(repoRoot, 'crds');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  if (files.length === 0) throw new Error('crds/ is empty: run make manifests');
  for (const f of files)
    await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=ecs2eks-e2e', '-f', join(dir, f)]);
  for (const plural of ['taskdefinitions', 'services', 'tasks']) {
    await kubectl(['wait', '--for=condition=Established', `crd/${plural}.ecs2eks.dev`, '--timeout=60s']);
  }
}
