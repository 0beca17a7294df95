/**
 * Findings: statements about ECS fields that were not reproduced exactly. Parsing reports them as well
 * as translation, so the type lives here, in the lowest layer that produces them.
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
