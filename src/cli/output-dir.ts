/**
 * `convert --output-dir DIR`: one YAML file per object (`<kind>-<name>.yaml`, lowercase) and a
 * `kustomization.yaml` listing them, ready to commit to a GitOps repository. Nothing outside these
 * files is ever written or removed: a DIR that already holds anything is refused unless `--force`,
 * which then overwrites only the files this run writes.
 */
import { lstat, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../translate/types.js';
import { CliError, UsageError } from './errors.js';
import { toYamlDoc } from './render.js';

export const KUSTOMIZATION = 'kustomization.yaml';

/** One file to write: its name inside DIR and its text. */
export interface OutputFile {
  name: string;
  text: string;
}

/** A file name made only of what Kubernetes kinds and names allow: no separators, no `..`, no hidden file. */
const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*\.yaml$/;

/** objectFileName is `<kind>-<name>.yaml` in lowercase, e.g. `deployment-web.yaml`. */
export function objectFileName(o: KubeObject): string {
  return `${o.kind}-${o.metadata.name}.yaml`.toLowerCase();
}

/**
 * planOutputDir lays out the files for `objects`: one per object, then the kustomization listing
 * them sorted. Deterministic: the same objects give the same names and bytes.
 */
export function planOutputDir(objects: readonly KubeObject[]): OutputFile[] {
  const files: OutputFile[] = [];
  const byName = new Map<string, KubeObject>();
  for (const o of objects) {
    const name = objectFileName(o);
    if (!SAFE_NAME.test(name) || name === KUSTOMIZATION)
      throw new CliError(`${o.kind} ${JSON.stringify(o.metadata.name)}: cannot be written as a file named ${name}`);
    const prev = byName.get(name);
    if (prev)
      throw new CliError(
        `${prev.apiVersion} ${prev.kind} and ${o.apiVersion} ${o.kind} ${JSON.stringify(o.metadata.name)} would both be written to ${name}`,
      );
    byName.set(name, o);
    files.push({ name, text: toYamlDoc(o) });
  }
  const resources = files.map((f) => f.name).sort();
  files.push({
    name: KUSTOMIZATION,
    text: toYamlDoc({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }),
  });
  return files;
}

function cannotWrite(path: string, e: Error): never {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'EEXIST' ? 'appeared while writing' : code === 'EACCES' ? 'permission denied' : e.message;
  throw new CliError(`${path}: cannot write: ${why}`);
}

/**
 * writeOutputDir creates DIR when missing and writes `files` into it. Without `force`, a DIR with
 * any entry is refused (a usage error) before anything is written. With `force`, existing regular
 * files of the same names are overwritten (a symlink or directory there is refused); anything else
 * in DIR is left as it is, and is not in the kustomization. Returns the paths written, in order.
 */
export async function writeOutputDir(dir: string, files: readonly OutputFile[], force: boolean): Promise<string[]> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new CliError(`${dir}: cannot use as --output-dir: ${e.message}`);
  });
  if (info === undefined) await mkdir(dir, { recursive: true }).catch((e: Error) => cannotWrite(dir, e));
  else if (!info.isDirectory()) throw new UsageError(`${dir}: --output-dir must be a directory; this is not one`);
  else {
    const entries = await readdir(dir).catch((e: Error) => {
      throw new CliError(`${dir}: cannot use as --output-dir: ${e.message}`);
    });
    if (entries.length > 0 && !force)
      throw new UsageError(
        `${dir}: --output-dir is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); give an empty or new directory, or --force to overwrite the files this writes and leave the rest`,
      );
    for (const f of files) {
      const existing = await lstat(join(dir, f.name)).catch(() => undefined);
      if (existing && !existing.isFile())
        throw new CliError(`${join(dir, f.name)}: exists and is not a regular file; refused even with --force`);
    }
  }
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    // 'wx' fails rather than overwrite a file that appeared since the check above.
    await writeFile(path, f.text, { flag: force ? 'w' : 'wx' }).catch((e: Error) => cannotWrite(path, e));
    written.push(path);
  }
  return written;
}
