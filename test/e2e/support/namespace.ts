// One fresh namespace per test file keeps tests independent on the shared cluster.
import { randomBytes } from 'node:crypto';
import { kubectl } from './kubectl.js';
import { waitFor } from './wait.js';

/**
 * Creates a namespace `<prefix>-<random>` and waits for its `default` ServiceAccount: the
 * ServiceAccount admission plugin rejects pods until kube-controller-manager has created it.
 */
export async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kubectl(['create', 'namespace', name]);
  await waitFor(
    async () => (await kubectl(['-n', name, 'get', 'serviceaccount', 'default', '-o', 'name'])).trim() !== '',
    60_000,
    `ServiceAccount ${name}/default`,
  );
  return name;
}

/** Deletes a namespace without waiting for its contents to go (the cluster dies after the run). */
export async function dropNamespace(name: string): Promise<void> {
  await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}
