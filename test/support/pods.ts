/** Helpers to look into pod templates in tests. */
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import type { Finding } from '../../src/translate/types.js';
import type { PodTemplateResult } from '../../src/translate/pod.js';

/** A container of a generated pod template, typed with the Kubernetes model (the translator emits plain objects of this shape). */
export type K8sContainer = V1Container;

/** podSpecOf returns the pod template's spec, typed with the Kubernetes model (the translator types it as a plain record). */
export function podSpecOf(r: PodTemplateResult): V1PodSpec {
  return r.template.spec as unknown as V1PodSpec;
}

/** containersIn returns `spec.containers` or `spec.initContainers` of a pod template (empty when absent). */
function containersIn(r: PodTemplateResult, field: 'containers' | 'initContainers'): K8sContainer[] {
  return (r.template.spec[field] as K8sContainer[] | undefined) ?? [];
}

/** containerOf returns the container or init container named `name`, or throws. */
export function containerOf(r: PodTemplateResult, name: string): K8sContainer {
  const all = [...containersIn(r, 'containers'), ...containersIn(r, 'initContainers')];
  const c = all.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${all.map((x) => x.name).join(', ')}`);
  return c;
}

/** namesOf returns the names of `spec.containers` or `spec.initContainers`. */
export function namesOf(r: PodTemplateResult, field: 'containers' | 'initContainers'): string[] {
  return containersIn(r, field).map((c) => c.name);
}

/** findingAt returns the findings whose path is exactly `path`. */
export function findingsAt(r: { findings: Finding[] }, path: string): Finding[] {
  return r.findings.filter((f) => f.path === path);
}
