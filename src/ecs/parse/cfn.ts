/**
 * Reads a CloudFormation template: every AWS::ECS::TaskDefinition and AWS::ECS::Service becomes a
 * camelCase spec. A service's `TaskDefinition: !Ref X` resolves to X's family. Other resource types
 * are ignored (they are not ECS workloads).
 */
import { ServiceSpec, TaskDefinitionSpec } from '../model.js';
import { fromPascal, type PathNote } from './pascal.js';
import type { TemplateContext } from './intrinsics.js';

export interface CfnResource {
  kind: 'TaskDefinition' | 'Service';
  logicalId: string;
  spec: Record<string, unknown>;
  notes: PathNote[];
}

/** isCloudFormation: a template has `Resources` whose entries carry a `Type` (or AWSTemplateFormatVersion). */
export function isCloudFormation(doc: unknown): doc is { Resources: Record<string, unknown> } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  const res = d.Resources;
  if (!res || typeof res !== 'object') return 'AWSTemplateFormatVersion' in d;
  return Object.values(res as Record<string, unknown>).some((r) => !!r && typeof r === 'object' && 'Type' in r);
}

/** readTemplate extracts the ECS resources of a template in their order of appearance. */
export function readTemplate(doc: { Resources: Record<string, unknown> } & Record<string, unknown>): CfnResource[] {
  const resources = doc.Resources as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  const resourceRefs: Record<string, string> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type === 'AWS::ECS::TaskDefinition') {
      const family = r.Properties?.Family;
      resourceRefs[id] = typeof family === 'string' ? family.trim() : id;
    }
  }
  const ctx: TemplateContext = {
    parameters: (doc.Parameters ?? {}) as TemplateContext['parameters'],
    mappings: (doc.Mappings ?? {}) as TemplateContext['mappings'],
    conditions: (doc.Conditions ?? {}) as TemplateContext['conditions'],
    resourceRefs,
    resources: new Set(Object.keys(resources)),
  };
  const out: CfnResource[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r?.Type === 'AWS::ECS::TaskDefinition') {
      const { value, notes } = fromPascal(r.Properties ?? {}, TaskDefinitionSpec, '', ctx);
      const spec = value as Record<string, unknown>;
      if (spec.family === undefined) {
        spec.family = logicalId;
        notes.push({
          path: 'family',
          level: 'Info',
          message: `no Family in the template: used the logical ID ${logicalId}`,
        });
      }
      out.push({ kind: 'TaskDefinition', logicalId, spec, notes });
    } else if (r?.Type === 'AWS::ECS::Service') {
      const { value, notes } = fromPascal(r.Properties ?? {}, ServiceSpec, '', ctx);
      const spec = value as Record<string, unknown>;
      if (spec.serviceName === undefined) spec.serviceName = logicalId;
      out.push({ kind: 'Service', logicalId, spec, notes });
    }
  }
  return out;
}
