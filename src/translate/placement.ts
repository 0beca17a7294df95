/**
 * Task placement → scheduling (ecs-mapping.md §4): memberOf expressions → node affinity (and pod
 * (anti-)affinity for `task:group`), distinctInstance → pod anti-affinity per host, spread strategies
 * → topology spread constraints. Capacity providers and launch types live in capacity.ts.
 *
 * A memberOf expression is put in disjunctive normal form: every OR branch becomes one
 * nodeSelectorTerm (terms are ORed by Kubernetes), every AND inside it one matchExpression. Several
 * constraints (the resource's and the task definition's) are ANDed by distributing their terms.
 * A comparison that has no Kubernetes form (an instance field such as `runningTasksCount`, a regular
 * expression, `>=` on a non-integer) is dropped from its branch with an Unsupported finding: that only
 * widens where pods may go. If a whole branch disappears, the expression matches every node and is
 * dropped as a whole.
 */
import { InputError } from '../ecs/errors.js';
import type { PlacementConstraint, PlacementStrategy, TaskDefinitionPlacementConstraint } from '../ecs/schema.gen.js';
import { labelKey, labelValue } from './names.js';
import { LABEL_GROUP, groupLabelValue } from './labels.js';
import type { TranslateOptions } from './options.js';
import {
  formatComparison,
  parseQuery,
  QueryParseError,
  toDisjunctiveNormalForm,
  type QueryExpr,
} from './query-language.js';
import type { Finding, FindingSource } from './types.js';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';
const ZONE_ATTRIBUTE = 'ecs.availability-zone';
const MAX_TERMS = 64;

/** ECS attribute values that differ from the Kubernetes label values of the mapped key. */
const VALUE_MAPS: Record<string, Record<string, string>> = {
  'ecs.cpu-architecture': { x86_64: 'amd64', X86_64: 'amd64', arm64: 'arm64', ARM64: 'arm64' },
};

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
export interface PodAffinityTerm {
  labelSelector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  };
  topologyKey: string;
}
export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: Array<{ matchExpressions: NodeSelectorRequirement[] }>;
    };
  };
  podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution: PodAffinityTerm[] };
  podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution: PodAffinityTerm[] };
}
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule';
  labelSelector: { matchLabels: Record<string, string> };
}

export interface PlacementInput {
  /** The resource whose spec `constraints`/`strategies` come from. */
  source: FindingSource;
  constraints: PlacementConstraint[] | null | undefined;
  strategies: PlacementStrategy[] | null | undefined;
  /** The task definition's own memberOf constraints (paths relative to the TaskDefinition). */
  taskDefinitionConstraints: TaskDefinitionPlacementConstraint[] | null | undefined;
  /** Labels of this resource's own pods: distinctInstance and spread count these. */
  ownSelector: Record<string, string>;
  /** Add a zone spread when no strategy spreads over zones (Fargate, and REPLICA services by default). */
  defaultZoneSpread: boolean;
  /** A DAEMON service: one task per node, so strategies and distinctInstance have nothing to do. */
  daemon?: boolean;
  options: TranslateOptions;
}

export interface Placement {
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  findings: Finding[];
}

type Comparison = Extract<QueryExpr, { kind: 'compare' }>;
type Term = { node: NodeSelectorRequirement[]; affinity: PodAffinityTerm[]; antiAffinity: PodAffinityTerm[] };

/** attributeKey returns the node label key of an ECS attribute, or a reason why there is none. */
export function attributeKey(
  name: string,
  options: TranslateOptions,
): { key: string; custom: boolean } | { reason: string } {
  const mapped = options.placementAttributes[name];
  if (mapped) return { key: mapped, custom: false };
  if (name.startsWith('ecs.'))
    return { reason: `the ECS attribute ${name} has no node label (add it to the placement attribute table)` };
  if (labelKey(name) === undefined) return { reason: `attribute ${name} is not a valid node label key` };
  return { key: name, custom: true };
}

function nodeRequirement(c: Comparison, key: string, attribute: string): NodeSelectorRequirement | string {
  const map = VALUE_MAPS[attribute] ?? {};
  const values = c.values.map((v) => map[v] ?? v);
  const bad = values.find((v) => labelValue(v) === undefined);
  const integer = (v: string): number | undefined => (/^-?\d+$/.test(v) ? Number(v) : undefined);
  switch (c.op) {
    case 'exists':
      return { key, operator: 'Exists' };
    case '!exists':
      return { key, operator: 'DoesNotExist' };
    case '==':
    case 'in':
    case '!=':
    case 'not_in':
      if (bad !== undefined) return `"${bad}" can never be a node label value`;
      return { key, operator: c.op === '==' || c.op === 'in' ? 'In' : 'NotIn', values: [...new Set(values)].sort() };
    case '=~':
    case '!~':
      if (/[\\^$.|?*+()[\]{}]/.test(values[0])) return 'node affinity has no regular expressions';
      if (bad !== undefined) return `"${bad}" can never be a node label value`;
      return { key, operator: c.op === '=~' ? 'In' : 'NotIn', values };
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const n = integer(values[0]);
      if (n === undefined) return 'node affinity compares integers only';
      if (c.op === '>') return { key, operator: 'Gt', values: [String(n)] };
      if (c.op === '>=') return { key, operator: 'Gt', values: [String(n - 1)] };
      if (c.op === '<') return { key, operator: 'Lt', values: [String(n)] };
      return { key, operator: 'Lt', values: [String(n + 1)] };
    }
  }
}

function groupTerm(c: Comparison): { anti: boolean; term: PodAffinityTerm } | string {
  const values = [...new Set(c.values.map(groupLabelValue))].sort();
  const term = (operator: string, vals?: string[]): PodAffinityTerm => ({
    labelSelector: { matchExpressions: [{ key: LABEL_GROUP, operator, ...(vals ? { values: vals } : {}) }] },
    topologyKey: HOSTNAME_KEY,
  });
  switch (c.op) {
    case '==':
    case 'in':
      return { anti: false, term: term('In', values) };
    case '!=':
    case 'not_in':
      return { anti: true, term: term('In', values) };
    case 'exists':
      return { anti: false, term: term('Exists') };
    case '!exists':
      return { anti: true, term: term('Exists') };
    default:
      return `task:group supports ==, !=, in, not_in and exists only`;
  }
}

/** translateExpression turns one memberOf expression into OR-ed terms, or undefined when it constrains nothing. */
function translateExpression(
  expr: string,
  path: string,
  source: FindingSource,
  options: TranslateOptions,
  findings: Finding[],
): Term[] | undefined {
  let ast: QueryExpr;
  try {
    ast = parseQuery(expr);
  } catch (e) {
    if (e instanceof QueryParseError)
      throw new InputError(path, `invalid cluster query: ${e.message}`, 'InvalidPlacementExpression', source);
    throw e;
  }
  const dnf = toDisjunctiveNormalForm(ast, MAX_TERMS);
  if (!dnf) {
    findings.push({
      source,
      path,
      level: 'Unsupported',
      message: `expression "${expr}" expands to more than ${MAX_TERMS} alternatives; not applied`,
    });
    return undefined;
  }
  const unsupported = new Map<string, string>();
  const custom = new Set<string>();
  const terms: Term[] = dnf.map((conj) => {
    const t: Term = { node: [], affinity: [], antiAffinity: [] };
    for (const c of conj) {
      if (c.subject.kind === 'field') {
        unsupported.set(formatComparison(c), `${c.subject.name} has no Kubernetes equivalent`);
      } else if (c.subject.kind === 'taskGroup') {
        const g = groupTerm(c);
        if (typeof g === 'string') unsupported.set(formatComparison(c), g);
        else (g.anti ? t.antiAffinity : t.affinity).push(g.term);
      } else {
        const k = attributeKey(c.subject.name, options);
        if ('reason' in k) {
          unsupported.set(formatComparison(c), k.reason);
          continue;
        }
        if (k.custom) custom.add(c.subject.name);
        const req = nodeRequirement(c, k.key, c.subject.name);
        if (typeof req === 'string') unsupported.set(formatComparison(c), req);
        else t.node.push(req);
      }
    }
    return t;
  });
  for (const [cmp, why] of unsupported) {
    findings.push({ source, path, level: 'Unsupported', message: `"${cmp}" is not applied: ${why}` });
  }
  for (const name of [...custom].sort()) {
    findings.push({
      source,
      path,
      level: 'Info',
      message: `custom attribute ${name} is read from the node label ${name}; label the nodes accordingly`,
    });
  }
  if (terms.some((t) => t.node.length + t.affinity.length + t.antiAffinity.length === 0)) {
    if (unsupported.size > 0)
      findings.push({
        source,
        path,
        level: 'Unsupported',
        message: `expression "${expr}" is not applied: an alternative has nothing Kubernetes can check`,
      });
    return undefined;
  }
  if (terms.length > 1 && terms.some((t) => t.affinity.length + t.antiAffinity.length > 0)) {
    findings.push({
      source,
      path,
      level: 'Unsupported',
      message: `expression "${expr}" ORs task:group with other conditions, which pod affinity cannot express; not applied`,
    });
    return undefined;
  }
  return terms;
}

/** translatePlacement computes the affinity and spread constraints of one pod template. */
export function translatePlacement(input: PlacementInput): Placement {
  const { source, options } = input;
  const findings: Finding[] = [];
  let nodeTerms: NodeSelectorRequirement[][] | undefined; // undefined = unconstrained
  const affinity: PodAffinityTerm[] = [];
  const anti: PodAffinityTerm[] = [];

  const addExpression = (expr: string, path: string, src: FindingSource): void => {
    const terms = translateExpression(expr, path, src, options, findings);
    if (!terms) return;
    for (const t of terms) {
      affinity.push(...t.affinity);
      anti.push(...t.antiAffinity);
    }
    const nodeOnly = terms.map((t) => t.node).filter((n) => n.length > 0);
    if (nodeOnly.length === 0) return;
    const product = (nodeTerms ?? [[]]).flatMap((a) => nodeOnly.map((b) => [...a, ...b]));
    if (product.length > MAX_TERMS) {
      findings.push({
        source: src,
        path,
        level: 'Unsupported',
        message: `combined with the other constraints, "${expr}" exceeds ${MAX_TERMS} node selector terms; not applied`,
      });
      return;
    }
    nodeTerms = product;
  };

  (input.taskDefinitionConstraints ?? []).forEach((c, i) => {
    const path = `placementConstraints[${i}]`;
    if (c.type === 'memberOf' && c.expression) addExpression(c.expression, `${path}.expression`, 'TaskDefinition');
    else
      throw new InputError(
        `${path}.expression`,
        'a memberOf constraint needs an expression',
        'InvalidSpec',
        'TaskDefinition',
      );
  });
  let distinct = false;
  (input.constraints ?? []).forEach((c, i) => {
    const path = `placementConstraints[${i}]`;
    if (c.type === 'distinctInstance') {
      if (c.expression)
        findings.push({
          source,
          path: `${path}.expression`,
          level: 'Info',
          message: 'distinctInstance takes no expression; ignored',
        });
      if (input.daemon)
        findings.push({
          source,
          path: `${path}.type`,
          level: 'Info',
          message: 'a DAEMON service runs one task per node already',
        });
      else distinct = true;
    } else if (c.type === 'memberOf') {
      if (!c.expression)
        throw new InputError(`${path}.expression`, 'a memberOf constraint needs an expression', 'InvalidSpec', source);
      addExpression(c.expression, `${path}.expression`, source);
    } else {
      throw new InputError(`${path}.type`, 'must be distinctInstance or memberOf', 'InvalidSpec', source);
    }
  });
  if (distinct) anti.push({ labelSelector: { matchLabels: { ...input.ownSelector } }, topologyKey: HOSTNAME_KEY });

  const spreads = translateStrategies(input, findings);

  const out: Placement = { findings };
  const aff: Affinity = {};
  if (nodeTerms) {
    aff.nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: nodeTerms.map((m) => ({ matchExpressions: m })),
      },
    };
  }
  if (affinity.length > 0) aff.podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: affinity };
  if (anti.length > 0) aff.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: anti };
  if (Object.keys(aff).length > 0) out.affinity = aff;
  if (spreads.length > 0) out.topologySpreadConstraints = spreads;
  return out;
}

function translateStrategies(input: PlacementInput, findings: Finding[]): TopologySpreadConstraint[] {
  const { source, options } = input;
  const keys: string[] = [];
  const strategies = input.strategies ?? [];
  if (input.daemon) {
    strategies.forEach((_, i) =>
      findings.push({
        source,
        path: `placementStrategy[${i}]`,
        level: 'Info',
        message: 'a DAEMON service places one task per node; the strategy has no effect',
      }),
    );
    return [];
  }
  strategies.forEach((s, i) => {
    const path = `placementStrategy[${i}]`;
    if (s.type === 'spread') {
      const field = s.field ?? '';
      let key: string | undefined;
      if (field === 'instanceId' || field === 'host') key = HOSTNAME_KEY;
      else if (field.startsWith('attribute:')) {
        const k = attributeKey(field.slice('attribute:'.length), options);
        if ('reason' in k)
          findings.push({
            source,
            path: `${path}.field`,
            level: 'Unsupported',
            message: `spread(${field}) is not applied: ${k.reason}`,
          });
        else key = k.key;
      } else {
        throw new InputError(
          `${path}.field`,
          'spread needs instanceId, host or attribute:<name>',
          'InvalidSpec',
          source,
        );
      }
      if (key && !keys.includes(key)) {
        if (keys.length > 0) {
          findings.push({
            source,
            path,
            level: 'Approximated',
            message: 'Kubernetes weighs all spread constraints together instead of applying them in order',
          });
        }
        keys.push(key);
      }
    } else if (s.type === 'binpack') {
      findings.push({
        source,
        path,
        level: 'Unsupported',
        message: `binpack(${s.field ?? ''}) has no per-workload equivalent (a scheduler profile with NodeResourcesFit MostAllocated packs the whole cluster)`,
      });
    } else if (s.type === 'random') {
      findings.push({
        source,
        path,
        level: 'Info',
        message: 'random placement: the Kubernetes scheduler’s default scoring is used',
      });
    } else {
      throw new InputError(`${path}.type`, 'must be spread, binpack or random', 'InvalidSpec', source);
    }
  });
  const zoneKey = options.placementAttributes[ZONE_ATTRIBUTE] ?? 'topology.kubernetes.io/zone';
  if (input.defaultZoneSpread && !keys.includes(zoneKey)) keys.unshift(zoneKey);
  return keys.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...input.ownSelector } },
  }));
}
