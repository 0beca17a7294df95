/**
 * ECS healthCheck → exec probes. `CMD-SHELL` runs under `/bin/sh -c` (`cmd /S /C` on Windows),
 * `CMD` execs the rest. ECS defaults: interval 30, timeout 5, retries 3. Readiness always; liveness
 * only for essential containers of a Service (ECS replaces such a task when one turns unhealthy);
 * a startup probe when `startPeriod` is set or when another container waits for HEALTHY.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition } from '../ecs/model.js';
import type { HealthCheck } from '../ecs/schema.gen.js';
import { cpath, type FindingSink } from './findings.js';
import type { ContainerRole } from './ordering.js';

/** The TCP input ECS adds to a FireLens router's generated Fluent Bit configuration. */
const FIRELENS_HEALTH_PORT = /\b8877\b/;

export const DEFAULT_INTERVAL = 30;
export const DEFAULT_TIMEOUT = 5;
export const DEFAULT_RETRIES = 3;

export interface ProbeSet {
  startupProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
}

export interface ProbeContext {
  role: ContainerRole;
  essential: boolean;
  kind: 'Service' | 'Task';
  /** Another container depends on this one with condition HEALTHY. */
  healthyTarget: boolean;
  windows: boolean;
}

/** healthCheckCommand returns the exec command of a health check, or undefined for `NONE`. */
export function healthCheckCommand(
  hc: HealthCheck,
  path: string,
  windows: boolean,
  sink: FindingSink,
): string[] | undefined {
  const [head, ...rest] = hc.command;
  const shell = (cmd: string): string[] => (windows ? ['cmd', '/S', '/C', cmd] : ['/bin/sh', '-c', cmd]);
  if (head === undefined) throw new InputError(`${path}.command`, 'a health check command must not be empty');
  if (head === 'NONE') return undefined;
  if (head === 'CMD-SHELL') {
    if (rest.length === 0) throw new InputError(`${path}.command`, 'CMD-SHELL needs a command string');
    return shell(rest.join(' '));
  }
  if (head === 'CMD') {
    if (rest.length === 0) throw new InputError(`${path}.command`, 'CMD needs an executable');
    return rest;
  }
  if (hc.command.length === 1 && /\s/.test(head)) {
    sink.approximated(
      `${path}.command`,
      'command has no CMD or CMD-SHELL prefix; assumed CMD-SHELL (run by a shell) because it is a single string with spaces',
    );
    return shell(head);
  }
  sink.approximated(`${path}.command`, 'command has no CMD or CMD-SHELL prefix; assumed CMD (executed directly)');
  return [...hc.command];
}

/** probesFor returns the probes of container `i`; init containers get none (Kubernetes forbids them). */
export function probesFor(c: ContainerDefinition, i: number, ctx: ProbeContext, sink: FindingSink): ProbeSet {
  const hc = c.healthCheck;
  if (!hc) return {};
  const path = cpath(i, '.healthCheck');
  const command = healthCheckCommand(hc, path, ctx.windows, sink);
  if (!command) {
    sink.info(`${path}.command`, 'NONE disables the image health check: no probes');
    return {};
  }
  if (c.firelensConfiguration && FIRELENS_HEALTH_PORT.test(command.join(' '))) {
    sink.unsupported(
      path,
      `"${c.name}" is a FireLens log router whose health check probes 127.0.0.1:8877, the TCP input that ECS adds to the Fluent Bit configuration it generates; without that configuration the check never passes, so it becomes no probe (a readiness probe would keep the pod from ever being Ready, a liveness probe would kill the router)${ctx.healthyTarget ? '; containers that wait for it to be HEALTHY start once it has started' : ''}`,
    );
    return {};
  }
  if (ctx.role === 'init') {
    sink.info(
      path,
      `"${c.name}" runs to completion as an init container, which cannot have probes; healthCheck ignored`,
    );
    return {};
  }
  const period = Math.max(1, hc.interval ?? DEFAULT_INTERVAL);
  const timeout = Math.max(1, hc.timeout ?? DEFAULT_TIMEOUT);
  const retries = Math.max(1, hc.retries ?? DEFAULT_RETRIES);
  const base = { exec: { command }, periodSeconds: period, timeoutSeconds: timeout };
  const out: ProbeSet = { readinessProbe: { ...base, failureThreshold: retries, successThreshold: 1 } };
  const startPeriod = hc.startPeriod ?? 0;
  if (startPeriod > 0 || ctx.healthyTarget) {
    out.startupProbe = { ...base, failureThreshold: Math.ceil(startPeriod / period) + retries, successThreshold: 1 };
  }
  const live = ctx.essential && ctx.kind === 'Service';
  if (live) out.livenessProbe = { ...base, failureThreshold: retries, successThreshold: 1 };
  sink.approximated(
    path,
    live
      ? 'exec readiness and liveness probes: when the liveness probe fails the kubelet stops the container, and the ecs2eks operator then stops and replaces the whole task, as ECS does (applied without the operator, only the container restarts)'
      : ctx.essential
        ? 'exec readiness probe only: ECS does not stop a standalone task for an unhealthy container either, but readiness has no ECS counterpart'
        : 'exec readiness probe only (non-essential container): unlike ECS, it gates the readiness of the whole pod',
  );
  return out;
}
