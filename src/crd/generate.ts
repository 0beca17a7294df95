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
  /** CEL rules on `spec` (x-kubernetes-validations): cheap checks the apiserver makes at apply time. */
  validations?: Array<{ rule: string; message: string; fieldPath?: string; reason?: string }>;
}

/** `self.<field>`, an int-or-string, is a positive integer or a string of the given forms. */
function intOrStringRule(field: string, unit: string): string {
  // Spaces only (no \\s): CEL string literals have no such escape.
  const pattern = `^ *([0-9]+|[0-9]*[.]?[0-9]+ *(?i)${unit}) *$`;
  return `!has(self.${field}) || (type(self.${field}) == int ? int(self.${field}) > 0 : string(self.${field}).matches('${pattern}'))`;
}

const AGE: Column = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};

/** The Ready condition, so that `kubectl get` tells a healthy resource from a refused or failing one. */
const READY: Column = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  description: 'Whether the resource is Ready (its Ready condition).',
};
const REASON: Column = {
  name: 'Reason',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
  description: 'Why it is (not) Ready.',
  priority: 1,
};

export const KINDS: KindInfo[] = [
  {
    kind: 'TaskDefinition',
    plural: 'taskdefinitions',
    singular: 'taskdefinition',
    shortNames: ['etd'],
    schema: TaskDefinitionResource,
    validations: [
      {
        rule: intOrStringRule('cpu', 'vcpu'),
        message: 'cpu must be CPU units ("256", 256) or vCPU ("0.25 vCPU")',
        fieldPath: '.cpu',
      },
      {
        rule: intOrStringRule('memory', 'gb'),
        message: 'memory must be MiB ("512", 512) or GB ("1 GB")',
        fieldPath: '.memory',
      },
    ],
    columns: [
      { name: 'Family', type: 'string', jsonPath: '.status.family', description: 'Task definition family.' },
      { name: 'Revision', type: 'integer', jsonPath: '.status.revision', description: 'Latest revision number.' },
      // A printer column shows only the first value a JSONPath finds: the status lists every name.
      { name: 'Containers', type: 'string', jsonPath: '.status.containers', description: 'Every container name.' },
      { name: 'CPU', type: 'string', jsonPath: '.spec.cpu', description: 'Task CPU (units or vCPU).' },
      { name: 'Memory', type: 'string', jsonPath: '.spec.memory', description: 'Task memory (MiB or GB).' },
      READY,
      AGE,
      REASON,
    ],
  },
  {
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    shortNames: ['esvc'],
    schema: ServiceResource,
    scale: true,
    // No rule for a negative desiredCount: the scale subresource's own check refuses it already.
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
      READY,
      AGE,
      REASON,
      {
        name: 'Launch Type',
        type: 'string',
        jsonPath: '.spec.launchType',
        description: 'ECS launch type.',
        priority: 1,
      },
      {
        name: 'Strategy',
        type: 'string',
        jsonPath: '.spec.schedulingStrategy',
        description: 'REPLICA or DAEMON (REPLICA when empty).',
        priority: 1,
      },
      {
        name: 'Deployments',
        type: 'string',
        jsonPath: '.status.deploymentSummary',
        description: 'Every kept deployment, newest first: revision, status, rollout state.',
        priority: 1,
      },
    ],
  },
  {
    kind: 'Task',
    plural: 'tasks',
    singular: 'task',
    shortNames: ['etask'],
    schema: TaskResource,
    validations: [
      {
        rule: '!has(self.count) || (self.count >= 1 && self.count <= 10)',
        message: 'count must be between 1 and 10 (RunTask starts at most 10 tasks)',
        fieldPath: '.count',
      },
      {
        // A transition rule: checked on updates only. A Task runs its tasks once, as RunTask does.
        rule: '(has(self.count) ? self.count : 1) == (has(oldSelf.count) ? oldSelf.count : 1)',
        message: 'count cannot change once the Task exists: create another Task to run more tasks',
        fieldPath: '.count',
      },
    ],
    columns: [
      { name: 'TaskDef', type: 'string', jsonPath: '.status.taskDefinition', description: 'Resolved family:revision.' },
      { name: 'Last Status', type: 'string', jsonPath: '.status.lastStatus', description: 'ECS last status.' },
      { name: 'Stop Code', type: 'string', jsonPath: '.status.stopCode', description: 'Why the task stopped.' },
      READY,
      AGE,
      REASON,
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
  if (k.validations?.length) props.spec['x-kubernetes-validations'] = k.validations;
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
