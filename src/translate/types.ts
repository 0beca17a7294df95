/**
 * Shared result types of the pure translation layer. The operator, the CLI and the golden tests all
 * consume exactly these shapes, so they live in one small file with no dependencies.
 */

/** How faithfully an ECS field was reproduced: Info (no effect or ignored on purpose), Approximated, Unsupported. */
export type FindingLevel = 'Info' | 'Approximated' | 'Unsupported';

/** The ECS resource kind whose spec a finding's path points into. */
export type FindingSource = 'TaskDefinition' | 'Service' | 'Task';

/** One statement about one ECS field that was not reproduced exactly. `path` uses ECS spec paths, e.g. `containerDefinitions[1].ulimits`. */
export interface Finding {
  /** Which resource's spec `path` is relative to: a Service translation reports task-definition fields too. */
  source: FindingSource;
  path: string;
  level: FindingLevel;
  message: string;
}

/** Minimal metadata every generated object carries. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A plain Kubernetes object as produced by the translator: serialisable, sorted, no client classes. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** The desired state for one ECS resource: the objects to apply and what could not be reproduced exactly. */
export interface Translation {
  objects: KubeObject[];
  findings: Finding[];
}
