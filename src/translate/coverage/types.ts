/**
 * Declared handling of every ECS field, so that "nothing is dropped silently" is checkable:
 * test/unit/translate/coverage.test.ts walks the ECS model and fails on any member without an entry,
 * and for every entry that is not `exact` it sets `sample` on a minimal definition and expects a
 * finding whose path names the field.
 */
export type HandlingMode =
  /** Reproduced exactly in Kubernetes objects (no finding). */
  | 'exact'
  /** Reproduced, but not with identical semantics: an Approximated finding. */
  | 'approximated'
  /** No Kubernetes equivalent: an Unsupported finding. */
  | 'unsupported'
  /** Has no effect on Kubernetes (AWS-side bookkeeping, read-only describe values): an Info finding. */
  | 'info';

export interface Handling {
  mode: HandlingMode;
  /** One line: what it becomes, or why not. */
  note: string;
  /**
   * For every mode except `exact` (and optional for exact ones with conditional findings): a value that,
   * set on the field of an otherwise minimal valid definition, must produce a finding for that field.
   */
  sample?: unknown;
}

/** Keys are `Shape.member` exactly as in the ECS API model (e.g. `ContainerDefinition.ulimits`). */
export type Coverage = Record<string, Handling>;
