/**
 * The spec types of our three custom resources: the ECS request shapes (generated) plus the one
 * extension ECS keeps elsewhere, `autoScaling` (Application Auto Scaling, camelCased).
 */
import { z } from 'zod';
import { CreateServiceRequest, RegisterTaskDefinitionRequest, RunTaskRequest } from './schema.gen.js';
import { doc } from './descriptions.js';

export const PredefinedMetricSpecification = z.strictObject({
  predefinedMetricType: z
    .enum(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'])
    .describe(doc('PredefinedMetricSpecification.predefinedMetricType')),
  resourceLabel: z.string().nullish().describe(doc('PredefinedMetricSpecification.resourceLabel')),
});

export const CustomizedMetricSpecification = z.strictObject({
  metricName: z.string().describe(doc('CustomizedMetricSpecification.metricName')),
  namespace: z.string().nullish().describe(doc('CustomizedMetricSpecification.namespace')),
  statistic: z
    .enum(['Average', 'Minimum', 'Maximum', 'SampleCount', 'Sum'])
    .nullish()
    .describe(doc('CustomizedMetricSpecification.statistic')),
  unit: z.string().nullish().describe(doc('CustomizedMetricSpecification.unit')),
  dimensions: z
    .array(
      z.strictObject({ name: z.string().describe('Dimension name.'), value: z.string().describe('Dimension value.') }),
    )
    .nullish()
    .describe(doc('CustomizedMetricSpecification.dimensions')),
});

export const TargetTrackingPolicy = z.strictObject({
  policyName: z.string().describe(doc('TargetTrackingPolicy.policyName')),
  targetValue: z.number().describe(doc('TargetTrackingPolicy.targetValue')),
  predefinedMetricSpecification: PredefinedMetricSpecification.nullish().describe(
    doc('TargetTrackingPolicy.predefinedMetricSpecification'),
  ),
  customizedMetricSpecification: CustomizedMetricSpecification.nullish().describe(
    doc('TargetTrackingPolicy.customizedMetricSpecification'),
  ),
  scaleInCooldown: z.int().min(0).nullish().describe(doc('TargetTrackingPolicy.scaleInCooldown')),
  scaleOutCooldown: z.int().min(0).nullish().describe(doc('TargetTrackingPolicy.scaleOutCooldown')),
  disableScaleIn: z.boolean().nullish().describe(doc('TargetTrackingPolicy.disableScaleIn')),
});
export type TargetTrackingPolicy = z.infer<typeof TargetTrackingPolicy>;

export const AutoScaling = z.strictObject({
  minCapacity: z.int().min(0).describe(doc('AutoScaling.minCapacity')),
  maxCapacity: z.int().min(0).describe(doc('AutoScaling.maxCapacity')),
  targetTrackingPolicies: z.array(TargetTrackingPolicy).nullish().describe(doc('AutoScaling.targetTrackingPolicies')),
});
export type AutoScaling = z.infer<typeof AutoScaling>;

/** TaskDefinition CR spec: the RegisterTaskDefinition request (read-only describe fields tolerated). */
export const TaskDefinitionSpec = RegisterTaskDefinitionRequest;
export type TaskDefinitionSpec = z.infer<typeof TaskDefinitionSpec>;

/** Service CR spec: the CreateService request plus `autoScaling`. */
export const ServiceSpec = CreateServiceRequest.extend({
  autoScaling: AutoScaling.nullish().describe(doc('ServiceSpec.autoScaling')),
});
export type ServiceSpec = z.infer<typeof ServiceSpec>;

/** Task CR spec: the RunTask request. */
export const TaskSpec = RunTaskRequest;
export type TaskSpec = z.infer<typeof TaskSpec>;

/** A task definition resolved to one revision: what every translation starts from. */
export interface ResolvedTaskDefinition {
  family: string;
  revision: number;
  spec: TaskDefinitionSpec;
}

export type ContainerDefinition = TaskDefinitionSpec['containerDefinitions'][number];
