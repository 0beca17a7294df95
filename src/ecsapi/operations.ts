/**
 * The dispatch table: every ECS operation the server implements, with its handler. The request
 * schemas (generated from the ECS API model) are in src/ecs/api-requests.gen.ts.
 */
import type { z } from 'zod';
import type { ECS_API_REQUESTS, EcsApiOperation } from '../ecs/api-requests.gen.js';
import { createCluster, deleteCluster, describeClusters, listClusters } from './clusters.js';
import type { Ctx } from './context.js';
import { createService, deleteService, describeServices, listServicesOp, updateService } from './services.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import {
  deleteTaskDefinitions,
  deregisterTaskDefinition,
  describeTaskDefinitionOp,
  listTaskDefinitionFamilies,
  listTaskDefinitionsOp,
  registerTaskDefinition,
} from './task-definitions.js';
import { describeTasks, listTasksOp, runTask, stopTask } from './tasks.js';

type Handlers = {
  [K in EcsApiOperation]: (ctx: Ctx, input: z.infer<(typeof ECS_API_REQUESTS)[K]>) => Promise<unknown>;
};

export const HANDLERS: Handlers = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinitionOp,
  ListTaskDefinitions: listTaskDefinitionsOp,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DeleteTaskDefinitions: deleteTaskDefinitions,
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  DescribeServices: describeServices,
  ListServices: listServicesOp,
  RunTask: runTask,
  StopTask: stopTask,
  DescribeTasks: describeTasks,
  ListTasks: listTasksOp,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
