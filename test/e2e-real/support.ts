// What the real-node scenarios share: the real node must be there (a cluster without one fails
// here with the reason, it never skips), and ECS resources reach it through the product's own
// placement: a memberOf constraint on the node's label, as ECS users write them.
import { kubectlJson } from '../e2e/support/kubectl.js';

export const REAL_NODE_LABEL = 'ecs2eks.test/node';

/** Placement that puts a task on the real node (ECS attribute → node label of the same name). */
export const ON_REAL_NODE = [{ type: 'memberOf', expression: `attribute:${REAL_NODE_LABEL} == real` }];

interface NodeList {
  items: {
    metadata: { name: string; labels?: Record<string, string> };
    status?: { conditions?: { type: string; status: string }[]; nodeInfo?: { containerRuntimeVersion?: string } };
  }[];
}

/** Fails unless a Ready node labelled as the real node runs a container runtime (not kwok). */
export async function requireRealNode(): Promise<string> {
  const nodes = await kubectlJson<NodeList>(['get', 'nodes', '-l', `${REAL_NODE_LABEL}=real`]);
  const node = nodes.items[0];
  if (!node)
    throw new Error(
      `no node labelled ${REAL_NODE_LABEL}=real: these scenarios need the real node (make e2e-real starts a cluster with REAL_NODE=1; see test/cluster/README.md)`,
    );
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const runtime = node.status?.nodeInfo?.containerRuntimeVersion ?? '';
  if (ready !== 'True' || !runtime.startsWith('containerd://'))
    throw new Error(`node ${node.metadata.name} is not a Ready containerd node (Ready=${ready}, runtime ${runtime})`);
  return node.metadata.name;
}
