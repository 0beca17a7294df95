/**
 * The label scheme of every object ecs2eks generates (DESIGN.md §1), and ECS tags as labels.
 *
 * - `app.kubernetes.io/managed-by: ecs2eks` on everything;
 * - `ecs2eks.dev/service: <name>` or `ecs2eks.dev/task: <name>`: the owning ECS resource;
 * - `ecs2eks.dev/family`, `ecs2eks.dev/revision`: the task definition revision that was translated;
 * - `ecs2eks.dev/group`: the ECS task group (`service:<serviceName>`, `family:<family>` or RunTask's
 *   `group`), which `distinctInstance`-style rules and `task:group` expressions select on.
 *
 * Selectors use only labels that never change over the life of the resource: a Deployment's selector
 * is immutable, so the revision (which changes with every new task definition) must never be in it.
 */
import type { Tag } from '../ecs/schema.gen.js';
import type { ResolvedTaskDefinition } from '../ecs/model.js';
import { labelKey, labelValue, stableHash } from './names.js';
import type { Finding, FindingSource } from './types.js';

export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'ecs2eks';
export const LABEL_SERVICE = 'ecs2eks.dev/service';
export const LABEL_TASK = 'ecs2eks.dev/task';
export const LABEL_FAMILY = 'ecs2eks.dev/family';
export const LABEL_REVISION = 'ecs2eks.dev/revision';
export const LABEL_GROUP = 'ecs2eks.dev/group';
/** All tags of the resource, verbatim, as a JSON object: tags that cannot be labels are kept here. */
export const ANNOTATION_TAGS = 'ecs2eks.dev/tags';

/**
 * toLabelValue returns a valid label value for any string: the input itself when it is valid, else a
 * sanitized prefix plus an 8-hex hash of the original (so that distinct inputs stay distinct).
 */
export function toLabelValue(input: string): string {
  const valid = labelValue(input);
  if (valid !== undefined) return valid;
  const hash = stableHash(input);
  const head = input
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 63 - hash.length - 1)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return head ? `${head}-${hash}` : hash;
}

export type OwnerKind = 'Service' | 'Task';

/** ownerLabel returns the label key naming the owning resource of `kind`. */
export function ownerLabel(kind: OwnerKind): string {
  return kind === 'Service' ? LABEL_SERVICE : LABEL_TASK;
}

/** selectorLabels returns the immutable selector of the pods of one ECS Service or Task. */
export function selectorLabels(kind: OwnerKind, name: string): Record<string, string> {
  return { [ownerLabel(kind)]: toLabelValue(name) };
}

/** resourceLabels returns the labels every object generated for the resource carries. */
export function resourceLabels(kind: OwnerKind, name: string, td: ResolvedTaskDefinition): Record<string, string> {
  return {
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
    ...selectorLabels(kind, name),
    [LABEL_FAMILY]: toLabelValue(td.family),
    [LABEL_REVISION]: String(td.revision),
  };
}

/** groupLabelValue returns the value of `ecs2eks.dev/group` for an ECS task group name. */
export function groupLabelValue(group: string): string {
  return toLabelValue(group);
}

/** Prefixes a user tag may not set as a label: ours, and the ones Kubernetes reserves. */
const RESERVED_PREFIXES = ['ecs2eks.dev/', 'kubernetes.io/', 'k8s.io/'];

/**
 * isReservedKey reports whether user data (tags, dockerLabels) may not set `key` as a label or
 * annotation: our own keys decide which pods belong to which service or task (selectors, status,
 * circuit breaker), and Kubernetes' own prefixes belong to Kubernetes.
 */
export function isReservedKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash + 1) : '';
  return key === LABEL_MANAGED_BY || RESERVED_PREFIXES.some((p) => prefix === p || prefix.endsWith(`.${p}`));
}

export interface TagLabels {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  findings: Finding[];
}

/**
 * tagLabels turns ECS tags into labels where key and value are valid label syntax and the key is not
 * reserved; every tag (valid or not) is also kept verbatim in the `ecs2eks.dev/tags` annotation, so
 * nothing is lost. Tags that could not become labels get one Info finding each. Later lists in
 * `sources` win over earlier ones for the same key (resource tags over propagated ones).
 */
export function tagLabels(
  sources: Array<{ tags: Tag[] | null | undefined; source: FindingSource; path: string }>,
): TagLabels {
  const labels: Record<string, string> = {};
  const all: Record<string, string> = {};
  const findings: Finding[] = [];
  for (const { tags, source, path } of sources) {
    (tags ?? []).forEach((tag, i) => {
      const key = tag.key ?? '';
      const value = tag.value ?? '';
      if (!key) return;
      all[key] = value;
      if (labelKey(key) !== undefined && labelValue(value) !== undefined && !isReservedKey(key)) {
        labels[key] = value;
        return;
      }
      delete labels[key];
      findings.push({
        source,
        path: `${path}[${i}]`,
        level: 'Info',
        message: `tag "${key}" is not a valid (or is a reserved) Kubernetes label; it is kept only in the ${ANNOTATION_TAGS} annotation`,
      });
    });
  }
  const annotations: Record<string, string> = {};
  const keys = Object.keys(all).sort();
  if (keys.length > 0) annotations[ANNOTATION_TAGS] = JSON.stringify(Object.fromEntries(keys.map((k) => [k, all[k]])));
  return { labels: sortRecord(labels), annotations, findings };
}

/** sortRecord returns a copy of `r` with its keys in sorted order (stable output). */
export function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}
