/**
 * `ecs2eks operator`: loads the configuration (flags, optional YAML file), builds the operator and
 * runs it until SIGTERM/SIGINT (graceful: in-flight reconciles drain, the Lease is released) or
 * until leadership is lost (exit 1, so the process restarts as a standby).
 */
import { ConfigError } from '../controller/config.js';
import { loadOperatorConfig } from '../controller/flags.js';
import { handleSignals } from '../controller/manager.js';
import { buildOperator } from '../controller/operator.js';
import { createLogger } from '../base/log.js';
import { ListenError } from '../kube/health.js';
import { CertificateError } from '../kube/serving-cert.js';

export async function runOperator(argv: string[]): Promise<number> {
  let loaded;
  try {
    loaded = loadOperatorConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ecs2eks operator: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (loaded.help) {
    process.stdout.write(`${loaded.text}\n`);
    return 0;
  }
  const config = loaded.config;
  const log = createLogger(undefined, { level: config.logLevel }, config.logFormat);
  let built;
  try {
    built = await buildOperator(config, log);
  } catch (err) {
    if (!(err instanceof CertificateError)) throw err;
    process.stderr.write(`ecs2eks operator: --metrics-cert-dir: ${err.message}\n`);
    return 2;
  }
  const { manager, transport } = built;
  log.info(
    { namespaces: config.namespaces.length ? config.namespaces : 'all', leaderElection: config.leaderElection.enabled },
    'starting the ecs2eks operator',
  );
  const allowed = Object.entries(config.policy)
    .filter(([, d]) => d === 'allow')
    .map(([k]) => k);
  if (allowed.length > 0)
    log.warn(
      { policy: config.policy },
      `policy allows ${allowed.join(', ')}: anyone who may create ECS resources in a watched namespace gets such pods through the operator, beyond their own RBAC and Pod Security. Use this only on your own cluster (--policy=strict refuses them).`,
    );
  let exitCode = 0;
  handleSignals(manager, log, (code) => {
    exitCode = code;
  });
  try {
    await manager.start();
  } catch (err) {
    if (!(err instanceof ListenError)) throw err;
    const flags =
      err.serves === 'probes'
        ? '--health-probe-bind-address'
        : err.serves === 'metrics'
          ? '--metrics-bind-address'
          : '--metrics-bind-address and --health-probe-bind-address';
    process.stderr.write(`ecs2eks operator: ${err.message}: choose another with ${flags} (0 turns it off)\n`);
    transport.close();
    setTimeout(() => process.exit(2), 100);
    return 2;
  }
  const why = await manager.done;
  transport.close();
  if (why === 'leadershipLost') exitCode = 1;
  log.info({ why }, 'operator exited');
  // Everything is stopped; a stray timer or socket must not keep a finished operator alive.
  setTimeout(() => process.exit(exitCode), 1000);
  return exitCode;
}
