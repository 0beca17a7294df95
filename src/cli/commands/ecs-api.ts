/**
 * `ecs2eks ecs-api`: serves the Amazon ECS API (AWS JSON 1.1) over the cluster's TaskDefinition,
 * Service and Task resources, so that `aws ecs ...`, the AWS SDKs and deploy pipelines work against
 * it with `--endpoint-url`. Runs until SIGINT or SIGTERM.
 */
import { createLogger, LOG_FORMATS, loggerFor, type LogFormat } from '../../base/log.js';
import { parseAddress } from '../../controller/config.js';
import { loadCredentials } from '../../ecsapi/credentials.js';
import { serveEcsApi } from '../../ecsapi/serve.js';
import { str } from '../args.js';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';

export const ecsApi: Command = {
  name: 'ecs-api',
  summary: 'serve the ECS API (aws ecs ..., the AWS SDKs) over the cluster, with your Kubernetes identity',
  usage: 'ecs2eks ecs-api [options]',
  description: `
Serves the Amazon ECS API (AWS JSON 1.1, as the AWS CLI and SDKs speak it) over the TaskDefinition,
Service and Task resources of the cluster in your kubeconfig. The resources are the only store:
what the API creates, kubectl shows, and the other way round. An ECS cluster is a namespace
labelled ecs2eks.dev/cluster=true; the cluster "default" is the --namespace namespace, which also
holds the task definitions.

It acts with your kubeconfig's identity, so Kubernetes RBAC decides what each call may do. With
--credentials, every request must be signed (AWS Signature V4) with one of the listed keys, and is
made as the Kubernetes user that key maps to (impersonation). Without it, only 127.0.0.1 is served.`,
  flags: {
    listen: { type: 'string', value: 'ADDR', help: 'host:port to serve on (default 127.0.0.1:5373)' },
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig to use (default: $KUBECONFIG, ~/.kube/config)' },
    context: { type: 'string', value: 'NAME', help: 'kubeconfig context to use' },
    namespace: {
      type: 'string',
      value: 'NS',
      help: 'namespace of the "default" cluster and of task definitions (default: default)',
    },
    'account-id': { type: 'string', value: 'ID', help: 'AWS account id in ARNs (default 000000000000)' },
    region: { type: 'string', value: 'REGION', help: 'AWS Region in ARNs (default us-east-1)' },
    credentials: {
      type: 'string',
      value: 'FILE',
      help: 'access keys → Kubernetes users (YAML); requests must then be SigV4-signed',
    },
    'register-timeout': {
      type: 'string',
      value: 'SECONDS',
      help: 'how long RegisterTaskDefinition waits for the operator (default 30)',
    },
    'log-format': {
      type: 'string',
      value: 'FORMAT',
      choices: LOG_FORMATS,
      help: 'log format; auto is text (pino-pretty) when stdout is a terminal, else json (default: auto)',
    },
  },
  examples: [
    'ecs2eks ecs-api &',
    'aws ecs list-services --endpoint-url http://127.0.0.1:5373',
    'ecs2eks ecs-api --listen 0.0.0.0:5373 --credentials keys.yaml',
  ],
  async run(args, io) {
    if (args.positionals.length)
      throw new UsageError(`unexpected argument ${args.positionals[0]} (see 'ecs2eks ecs-api --help')`);
    const listen = parseAddress(str(args.values, 'listen') ?? '127.0.0.1:5373');
    if (!listen) throw new UsageError('--listen: expected host:port');
    const accountId = str(args.values, 'account-id') ?? '000000000000';
    if (!/^\d{12}$/.test(accountId)) throw new UsageError('--account-id: expected 12 digits');
    const region = str(args.values, 'region') ?? 'us-east-1';
    if (!/^[a-z0-9-]{1,40}$/.test(region)) throw new UsageError('--region: expected a Region name such as us-east-1');
    const timeout = Number(str(args.values, 'register-timeout') ?? '30');
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600)
      throw new UsageError('--register-timeout: expected seconds between 1 and 600');
    const credentialsFile = str(args.values, 'credentials');
    const credentials = credentialsFile ? loadCredentials(credentialsFile) : undefined;
    const kubeconfig = str(args.values, 'kubeconfig');
    const context = str(args.values, 'context');
    const logFormat = (str(args.values, 'log-format') ?? 'auto') as LogFormat;
    const log = loggerFor('ecs-api', {}, createLogger(undefined, {}, logFormat));
    let serving;
    try {
      serving = await serveEcsApi({
        host: listen.host,
        port: listen.port,
        kube: { ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}) },
        config: {
          accountId,
          region,
          defaultNamespace: str(args.values, 'namespace') ?? 'default',
          registerTimeoutMs: timeout * 1000,
        },
        credentials,
        log,
      });
    } catch (e) {
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
    io.stderr.write(
      `ecs2eks ecs-api: serving the ECS API on ${serving.url} (${credentials ? 'SigV4-signed requests only' : 'unsigned requests accepted, loopback only'})\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await serving.close();
    return EXIT_OK;
  },
};
