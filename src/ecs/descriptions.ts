/**
 * Field descriptions for the CRD schemas (what `kubectl explain` prints), keyed `Shape.member`
 * as in the ECS API model. Written in our own words; a unit test fails when a member has none.
 */
import { DESCRIPTIONS } from './descriptions.data.js';

/** doc returns the description of `Shape.member`, or a plain fallback naming the field (the test flags it). */
export function doc(key: string): string {
  return DESCRIPTIONS[key] ?? `ECS field ${key.split('.').pop()}.`;
}
