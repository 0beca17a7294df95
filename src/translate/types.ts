/**
 * Shared result types of the pure translation layer. The operator, the CLI and the golden tests all
 * consume exactly these shapes, so they live in one small file with no dependencies.
 */

export type { Finding, FindingLevel, FindingSource } from '../ecs/findings.js';
import type { Finding } from '../ecs/findings.js';

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
