/**
 * CreateService, UpdateService, DeleteService, DescribeServices, ListServices over Service resources.
 * The spec is the CreateService request; what runs and how the rollout goes is read back from the
 * status the operator writes, never assumed.
 */
import { build } from '../ecs/parse/index.js';
import type { ServiceSpec } from '../ecs/model.js';
import { RESOURCES } from '../kube/resources.js';
import { canonicalJson } from '../kube/plan.js';
import { API_VERSION } from '../api/resources.js';
import { ANNOTATION_FORCE_NEW_DEPLOYMENT } from '../translate/index.js';
import { serviceArn, serviceName as nameOfService } from './arns.js';
import { resolveCluster } from './clusters.js';
import { present, type Ctx, type EcsRequest, type ServiceObject } from './context.js';
import { describeService } from './describe-service.js';
import { invalidParameter, serviceNotActive, serviceNotFound } from './errors.js';
import { page } from './paging.js';
import { findService, forReplace, listServices, nameFor, serviceNameOf } from './store.js';
import { resolveTaskDefinition } from './task-definitions.js';

function validService(raw: Record<string, unknown>, name: string): ServiceSpec {
  return build('Service', raw, '', name).spec;
}

export async function createService(ctx: Ctx, input: EcsRequest<'CreateService'>) {
  const c = await resolveCluster(ctx, input.cluster);
  const name = input.serviceName;
  if (!name) throw invalidParameter('serviceName: required');
  const { cluster: _c, clientToken: _t, ...rest } = input;
  if (!rest.taskDefinition) throw invalidParameter('taskDefinition: required (ecs2eks runs ECS-controlled services)');
  const taskDefinition = await resolveTaskDefinition(ctx, c.namespace, rest.taskDefinition);
  const spec = validService(present({ ...rest, taskDefinition }), name);
  const existing = await findService(ctx, c.namespace, name);
  if (existing) {
    if (existing.metadata.deletionTimestamp)
      throw invalidParameter('Unable to Start a service that is still Draining.');
    if (canonicalJson(existing.spec) === canonicalJson(spec))
      return { service: describeService(ctx.config, c.name, existing) };
    throw invalidParameter('Creation of service was not idempotent.');
  }
  const created = await ctx.kube.create<ServiceObject>(RESOURCES.ecsServices, c.namespace, {
    apiVersion: API_VERSION,
    kind: 'Service',
    metadata: { name: await nameFor(ctx, RESOURCES.ecsServices, c.namespace, name), namespace: c.namespace },
    spec,
  });
  return { service: describeService(ctx.config, c.name, created) };
}

async function activeService(ctx: Ctx, cluster: string | null | undefined, service: string) {
  const c = await resolveCluster(ctx, cluster);
  const svc = await findService(ctx, c.namespace, nameOfService(service));
  if (!svc) throw serviceNotFound();
  return { c, svc };
}

export async function updateService(ctx: Ctx, input: EcsRequest<'UpdateService'>) {
  const { c, svc } = await activeService(ctx, input.cluster, input.service);
  if (svc.metadata.deletionTimestamp) throw serviceNotActive();
  const { cluster: _c, service: _s, forceNewDeployment, ...changes } = input;
  const patch = present(changes);
  if (typeof patch.taskDefinition === 'string')
    patch.taskDefinition = await resolveTaskDefinition(ctx, c.namespace, patch.taskDefinition);
  const spec = validService({ ...svc.spec, ...patch }, serviceNameOf(svc));
  const annotations = { ...(svc.metadata.annotations ?? {}) };
  if (forceNewDeployment) annotations[ANNOTATION_FORCE_NEW_DEPLOYMENT] = ctx.now().toISOString();
  const updated = await ctx.kube.replace<ServiceObject>(
    RESOURCES.ecsServices,
    c.namespace,
    svc.metadata.name,
    forReplace(svc, { metadata: { ...svc.metadata, managedFields: undefined, annotations }, spec }),
  );
  return { service: describeService(ctx.config, c.name, updated) };
}

export async function deleteService(ctx: Ctx, input: EcsRequest<'DeleteService'>) {
  const { c, svc } = await activeService(ctx, input.cluster, input.service);
  const replica = (svc.spec.schedulingStrategy ?? 'REPLICA') === 'REPLICA';
  const desired = svc.spec.desiredCount ?? 0;
  if (!svc.metadata.deletionTimestamp && replica && desired > 0 && !input.force)
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  // Foreground: the Service stays visible (DRAINING) until its tasks are gone, as ECS drains one.
  await ctx.kube.delete(RESOURCES.ecsServices, c.namespace, svc.metadata.name, {
    uid: svc.metadata.uid,
    propagationPolicy: 'Foreground',
  });
  const after = await ctx.kube.getOrUndefined<ServiceObject>(RESOURCES.ecsServices, c.namespace, svc.metadata.name);
  const shown = after ?? { ...svc, metadata: { ...svc.metadata, deletionTimestamp: ctx.now().toISOString() } };
  return { service: describeService(ctx.config, c.name, shown) };
}

export async function describeServices(ctx: Ctx, input: EcsRequest<'DescribeServices'>) {
  const c = await resolveCluster(ctx, input.cluster);
  if (input.services.length > 10) throw invalidParameter('services: at most 10 services per call');
  const all = await listServices(ctx, c.namespace);
  const services: unknown[] = [];
  const failures: unknown[] = [];
  const tags = input.include?.includes('TAGS') ?? false;
  for (const value of input.services) {
    const name = nameOfService(value);
    const svc = all.find((s) => serviceNameOf(s) === name);
    if (svc) services.push(describeService(ctx.config, c.name, svc, { tags }));
    else failures.push({ arn: serviceArn(ctx.config, c.name, name), reason: 'MISSING' });
  }
  return { services, failures };
}

export async function listServicesOp(ctx: Ctx, input: EcsRequest<'ListServices'>) {
  const c = await resolveCluster(ctx, input.cluster);
  const names = (await listServices(ctx, c.namespace))
    .filter((s) => !input.launchType || s.spec.launchType === input.launchType)
    .filter((s) => !input.schedulingStrategy || (s.spec.schedulingStrategy ?? 'REPLICA') === input.schedulingStrategy)
    .map(serviceNameOf);
  const p = page(names, (n) => n, input, { default: 10, max: 100 });
  return {
    serviceArns: p.items.map((n) => serviceArn(ctx.config, c.name, n)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
}
