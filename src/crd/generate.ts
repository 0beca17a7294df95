/**
 * Builds the three CustomResourceDefinitions from the zod schemas in src/api/resources.ts.
 * `ecs2eks crds` prints them and `make manifests` writes crds/; a unit test fails when crds/ is stale.
 */
import { z } from 'zod';
import yaml from 'js-yaml';
import { GROUP, ServiceResource, TaskDefinitionResource, TaskResource, VERSION } from '../api/resources.js';
import { toStructural } from './structural.js';

interface Column {
  name: string;
  type: string;
  jsonPath: string;
  description: string;
  priority?: number;
}

interface KindInfo {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  schema: z.ZodType;
  columns: Column[];
  scale?: boolean;
}

const AGE: Column = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};

export const KINDS: KindInfo[] = [
  {
    kind: 'TaskDefinition',
    plural: 'taskdefinitions',
    singular: 'taskdefinition',
    shortNames: ['etd'],
    schema: TaskDefinitionResource,
    columns: [
      { name: 'Family', type: 'string', jsonPath: '.status.family', description: 'Task definition family.' },
      { name: 'Revision', type: 'integer', jsonPath: '.status.revision', description: 'Latest revision number.' },
      {
        name: 'Containers',
        type: 'string',
        jsonPath: '.spec.containerDefinitions[*].name',
        description: 'Container names.',
      },
      { name: 'CPU', type: 'string', jsonPath: '.spec.cpu', description: 'Task CPU (units or vCPU).' },
      { name: 'Memory', type: 'string', jsonPath: '.spec.memory', description: 'Task memory (MiB or GB).' },
      AGE,
    ],
  },
  {
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    shortNames: ['esvc'],
    schema: ServiceResource,
    scale: true,
    columns: [
      {
        name: 'TaskDef',
        type: 'string',
        jsonPath: '.status.taskDefinition',
        description: 'Resolved family:revision of the primary deployment.',
      },
      {
        name: 'Desired',
        type: 'integer',
        jsonPath: '.status.desiredCount',
        description: 'Desired task count (after scaling; the node count for DAEMON).',
      },
      { name: 'Running', type: 'integer', jsonPath: '.status.runningCount', description: 'Running task count.' },
      { name: 'Pending', type: 'integer', jsonPath: '.status.pendingCount', description: 'Pending task count.' },
      {
        name: 'Rollout',
        type: 'string',
        jsonPath: '.status.rolloutState',
        description: 'Rollout state of the primary deployment.',
      },
      AGE,
    ],
  },
  {
    kind: 'Task',
    plural: 'tasks',
    singular: 'task',
    shortNames: ['etask'],
    schema: TaskResource,
    columns: [
      { name: 'TaskDef', type: 'string', jsonPath: '.status.taskDefinition', description: 'Resolved family:revision.' },
      { name: 'Last Status', type: 'string', jsonPath: '.status.lastStatus', description: 'ECS last status.' },
      { name: 'Stop Code', type: 'string', jsonPath: '.status.stopCode', description: 'Why the task stopped.' },
      AGE,
    ],
  },
];

/** crdFor builds one CustomResourceDefinition object. */
export function crdFor(k: KindInfo): Record<string, unknown> {
  const json = z.toJSONSchema(k.schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const structural = toStructural(json);
  const props = structural.properties as Record<string, Record<string, unknown>>;
  // apiVersion/kind/metadata are the apiserver's business: a plain string/object schema, as kubebuilder emits.
  props.apiVersion = { type: 'string', description: 'APIVersion of this object: ecs2eks.dev/v1alpha1.' };
  props.kind = { type: 'string', description: `Kind of this object: ${k.kind}.` };
  props.metadata = { type: 'object' };
  structural.required = ['spec'];
  structural.description = `${k.kind} is an Amazon ECS ${k.kind === 'Task' ? 'RunTask request' : k.kind === 'Service' ? 'service (CreateService request)' : 'task definition (RegisterTaskDefinition request)'} that the ecs2eks operator runs on Kubernetes.`;
  const subresources: Record<string, unknown> = { status: {} };
  if (k.scale) {
    subresources.scale = {
      specReplicasPath: '.spec.desiredCount',
      statusReplicasPath: '.status.runningCount',
      labelSelectorPath: '.status.selector',
    };
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${k.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'ecs2eks', 'app.kubernetes.io/part-of': 'ecs2eks' },
    },
    spec: {
      group: GROUP,
      names: {
        kind: k.kind,
        listKind: `${k.kind}List`,
        plural: k.plural,
        singular: k.singular,
        shortNames: k.shortNames,
        categories: ['ecs'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: structural },
          subresources,
          additionalPrinterColumns: k.columns,
        },
      ],
    },
  };
}

/** renderCrds returns file name → YAML text for every CRD, deterministic. */
export function renderCrds(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const k of KINDS) {
    const header = '# GENERATED by `make manifests` from src/api/resources.ts. DO NOT EDIT.\n';
    files[`${GROUP}_${k.plural}.yaml`] =
      header + yaml.dump(crdFor(k), { noRefs: true, lineWidth: 120, sortKeys: false });
  }
  return files;
}
