// The files of examples/ as a user applies them: their documents, and which are ECS resources.
// Shared by the kwok suite (test/e2e/examples.test.ts) and the real node's (test/e2e-real/).
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './env.js';

export const EXAMPLES_DIR = join(repoRoot, 'examples');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

/** The example files, sorted. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function loadExample(file: string): Manifest[] {
  return yaml
    .loadAll(readFileSync(join(EXAMPLES_DIR, file), 'utf8'))
    .filter((d): d is Manifest => typeof d === 'object' && d !== null && 'kind' in d);
}

export function isEcs(m: Manifest): boolean {
  return m.apiVersion === 'ecs2eks.dev/v1alpha1';
}
