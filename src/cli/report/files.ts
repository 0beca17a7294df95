/**
 * Finds the input files of a report: every .json, .yaml and .yml file under a directory,
 * recursively, in sorted order of their relative paths. Hidden directories and node_modules are skipped.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CliError } from '../errors.js';

const INPUT_EXT = /\.(json|ya?ml)$/i;

/** findInputFiles returns the relative paths (with `/`) of the input files under `dir`. */
export async function findInputFiles(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${dir}: cannot read: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
  }
  if (!info.isDirectory())
    throw new CliError(`${dir}: not a directory (report reads a directory; use convert for one file)`);
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      throw new CliError(`${d}: cannot read: ${(e as Error).message}`);
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') await walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && INPUT_EXT.test(e.name)) {
        out.push(relative(dir, p).split(sep).join('/'));
      }
    }
  };
  await walk(dir);
  return out.sort();
}
