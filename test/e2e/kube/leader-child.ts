// A leader election candidate in its own process, so that a test can SIGKILL a leader.
// Usage: node --import tsx leader-child.ts NAMESPACE LEASE IDENTITY  (KUBECONFIG from the env)
// Prints LEADING when it becomes leader and STOPPED when leadership ends.
import { LeaderElector, apiLeaseStore } from '../../../src/kube/leader.js';
import { e2eClient } from './support.js';
import { LEASE_TIMINGS } from './leader-timings.js';

const [namespace, name, identity] = process.argv.slice(2);
if (!namespace || !name || !identity) throw new Error('usage: leader-child.ts NAMESPACE LEASE IDENTITY');
const { api } = e2eClient();
const elector = new LeaderElector({
  store: apiLeaseStore(api, namespace, name),
  name,
  identity,
  ...LEASE_TIMINGS,
  onStartedLeading: () => void process.stdout.write('LEADING\n'),
  onStoppedLeading: () => void process.stdout.write('STOPPED\n'),
});
process.on('SIGTERM', () => void elector.stop().then(() => process.exit(0)));
await elector.run();
