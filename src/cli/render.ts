/**
 * Serialises objects for stdout: multi-document YAML (`---` between documents) or a v1 List in JSON.
 * Both are deterministic: key order is the order the objects were built in.
 */
import yaml from 'js-yaml';

/** plain drops undefined values (YAML has no such thing) the way JSON.stringify does. */
function plain(o: unknown): unknown {
  return JSON.parse(JSON.stringify(o)) as unknown;
}

/** toYamlDocs renders each object as one YAML document, separated by `---`. */
export function toYamlDocs(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toYamlDoc(o)}`).join('');
}

/** toYamlDoc renders one object as a single YAML document (no `---`), for a file of its own. */
export function toYamlDoc(o: unknown): string {
  return yaml.dump(plain(o), { noRefs: true, lineWidth: -1, sortKeys: false });
}

/** toJsonList renders the objects as a Kubernetes `v1` List, indented, with a final newline. */
export function toJsonList(objects: readonly unknown[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`;
}
