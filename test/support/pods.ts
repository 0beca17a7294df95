/** Helpers to look into pod templates in tests. */
import type { Finding } from '../../src/translate/types.js';
import type { PodTemplateResult } from '../../src/translate/pod.js';

export type K8sContainer = Record<string, any>;

/** containerOf returns the container or init container named `name`, or throws. */
export function containerOf(r: PodTemplateResult, name: string): K8sContainer {
  const all = [
    ...((r.template.spec.containers as K8sContainer[]) ?? []),
    ...((r.template.spec.initContainers as K8sContainer[]) ?? []),
  ];
  const c = all.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${all.map((x) => x.name).join(', ')}`);
  return c;
}

/** namesOf returns the names of `spec.containers` or `spec.initContainers`. */
export function namesOf(r: PodTemplateResult, field: 'containers' | 'initContainers'): string[] {
  return ((r.template.spec[field] as K8sContainer[]) ?? []).map((c) => c.name as string);
}

/** findingAt returns the findings whose path is exactly `path`. */
export function findingsAt(r: { findings: Finding[] }, path: string): Finding[] {
  return r.findings.filter((f) => f.path === path);
}
