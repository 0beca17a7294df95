// Where the e2e tests are running: repo paths and, for our own local control plane, its work dir.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const clusterScripts = join(repoRoot, 'test/cluster');

/** Work dir of the cluster started by with-cluster.sh; undefined against an external cluster. */
export function clusterDir(): string | undefined {
  const dir = process.env.ECS2EKS_CLUSTER_DIR;
  return dir && existsSync(join(dir, 'cluster.env')) ? dir : undefined;
}

/** The KEY=value settings that up.sh recorded in a work dir's cluster.env. */
export function clusterEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(dir, 'cluster.env'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    // Values are written with printf %q; the ones we read (paths, ports) need no unquoting.
    if (m) env[m[1]] = m[2]!;
  }
  return env;
}
