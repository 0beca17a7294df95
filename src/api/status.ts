/**
 * Status shapes shared by the three kinds: conditions (as metav1.Condition) and findings.
 */
import { z } from 'zod';

export const ConditionSchema = z.strictObject({
  type: z.string().describe('Condition type, e.g. Ready, Accepted, Progressing, Degraded.'),
  status: z.enum(['True', 'False', 'Unknown']).describe('Whether the condition holds.'),
  reason: z.string().describe('CamelCase reason for the last transition.'),
  message: z.string().describe('Human-readable detail, naming the field path for invalid input.'),
  lastTransitionTime: z.string().describe('When the status last changed (RFC 3339).'),
  observedGeneration: z.int().nullish().describe('The metadata.generation this condition was computed from.'),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const FindingSchema = z.strictObject({
  source: z.enum(['TaskDefinition', 'Service', 'Task']).describe('Which resource the path points into.'),
  path: z.string().describe("Field path in that resource's spec, e.g. containerDefinitions[1].ulimits."),
  level: z
    .enum(['Info', 'Approximated', 'Unsupported'])
    .describe(
      'Info: no effect in Kubernetes; Approximated: reproduced with different semantics; Unsupported: not reproduced.',
    ),
  message: z.string().describe('What ecs2eks did with the field, or why it could not.'),
});

export const observedGeneration = z.int().nullish().describe('The metadata.generation the operator last acted on.');
export const conditions = z
  .array(ConditionSchema)
  .nullish()
  .describe("Standard conditions; see the kind's documentation for types.");
export const findings = z
  .array(FindingSchema)
  .nullish()
  .describe('ECS fields that were not reproduced exactly, as data.');
