/**
 * One ECS container definition → the Kubernetes container fields that depend only on it: image,
 * entryPoint/command (swapped names!), working directory, terminal flags, and findings for the
 * container fields without an equivalent (logging, FireLens, restart policy, ...).
 */
import type { ContainerDefinition } from '../ecs/model.js';
import { cpath, type FindingSink } from './findings.js';
import type { ImagePullMode } from './options.js';
import { verbatim } from './verbatim.js';

/**
 * The ECS agent pulls the image at every task start (a re-pushed tag such as `:stable` is picked up),
 * which is `Always` for a tag; a digest never changes, so `IfNotPresent` pulls it once, as the agent
 * effectively does. `IfNotPresent` mode keeps side-loaded images (kind load, minikube image load).
 */
function pullPolicy(image: string, mode: ImagePullMode): 'Always' | 'IfNotPresent' {
  return mode === 'ecs' && !image.includes('@sha256:') ? 'Always' : 'IfNotPresent';
}

/** containerBasics returns name, image, command, args, workingDir, tty and stdin of container `i`. */
export function containerBasics(
  c: ContainerDefinition,
  i: number,
  k8sName: string,
  kind: 'Service' | 'Task',
  sink: FindingSink,
  pull: ImagePullMode,
): Record<string, unknown> {
  if (k8sName !== c.name)
    sink.info(cpath(i, '.name'), `container "${c.name}" is named "${k8sName}" in Kubernetes (DNS-1123 label)`);
  const out: Record<string, unknown> = { name: k8sName, image: c.image, imagePullPolicy: pullPolicy(c.image, pull) };
  if (c.entryPoint?.length) out.command = c.entryPoint.map(verbatim);
  if (c.command?.length) out.args = c.command.map(verbatim);
  if (c.workingDirectory) out.workingDir = c.workingDirectory;
  if (c.pseudoTerminal) out.tty = true;
  if (c.interactive) out.stdin = true;

  const log = c.logConfiguration;
  if (log) {
    const opts = Object.entries(log.options ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    sink.info(
      cpath(i, '.logConfiguration'),
      `logs go to stdout/stderr and the cluster's log agent, not the ${log.logDriver} driver${opts ? ` (options: ${opts})` : ''}`,
    );
    if (log.secretOptions?.length)
      sink.unsupported(
        cpath(i, '.logConfiguration.secretOptions'),
        'log driver secrets belong in the cluster log agent configuration; ignored',
      );
  }
  if (c.firelensConfiguration) {
    sink.unsupported(
      cpath(i, '.firelensConfiguration'),
      `FireLens (${c.firelensConfiguration.type}) is not configured: the container runs as given, without the ECS-generated log routing configuration`,
    );
  }
  if (c.startTimeout !== null && c.startTimeout !== undefined) {
    sink.unsupported(cpath(i, '.startTimeout'), 'Kubernetes waits for dependencies without a time limit');
  }
  const rp = c.restartPolicy;
  if (rp) {
    if (kind === 'Service') {
      if (rp.enabled) sink.info(cpath(i, '.restartPolicy.enabled'), 'restarted in place by the kubelet, as ECS does');
      else if (c.essential !== false)
        sink.info(
          cpath(i, '.restartPolicy.enabled'),
          'when it exits the ecs2eks operator stops and replaces the whole task, as ECS does',
        );
    } else if (rp.enabled) {
      sink.unsupported(
        cpath(i, '.restartPolicy.enabled'),
        'task pods do not restart containers (restartPolicy Never); per-container restart rules need a feature gate',
      );
    }
    if (rp.ignoredExitCodes?.length)
      sink.unsupported(
        cpath(i, '.restartPolicy.ignoredExitCodes'),
        'Kubernetes restarts a container whatever its exit code',
      );
    if (rp.restartAttemptPeriod !== null && rp.restartAttemptPeriod !== undefined) {
      sink.unsupported(
        cpath(i, '.restartPolicy.restartAttemptPeriod'),
        'Kubernetes restarts with its own exponential back-off',
      );
    }
  }
  if (c.versionConsistency) {
    sink.info(cpath(i, '.versionConsistency'), 'the image reference is used as given; tags are not pinned to digests');
  }
  return out;
}
