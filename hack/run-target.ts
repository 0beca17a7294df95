/**
 * Which cluster a kubeconfig context names, and whether anything answers at its server: what
 * hack/run.sh (`make run`) and hack/examples.sh (`make examples`) decide on before they change
 * anything. It reads the kubeconfig as kubectl does (the files in KUBECONFIG, missing ones skipped,
 * else ~/.kube/config; the first file that sets current-context, or defines a name, wins) and sends
 * at most one request: an unauthenticated GET <server>/version. No credentials, never a write.
 *
 *   node --import tsx hack/run-target.ts [--context NAME] [--no-probe]
 *
 * Prints shell assignments for `eval`: kc_files (the files read, ':'-separated), kc_context (NAME, or
 * the current context; empty when there is none), kc_cluster, kc_server, kc_answers ("HTTP 200", any
 * status: something answers there; empty when nothing does or with --no-probe) and kc_why (why there
 * is no context or no answer). Exit 0; 3 when --context names a context the kubeconfig does not have
 * (stderr lists the ones it has); 2 on a usage error.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import yaml from 'js-yaml';

/** How long the probe waits for an answer. */
const PROBE_TIMEOUT_MS = 5000;

interface Target {
  files: string[];
  context: string;
  cluster: string;
  server: string;
  why: string;
}

/** The kubeconfig files kubectl would read, in order: KUBECONFIG's (deduplicated, existing), else ~/.kube/config. */
function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  const listed = env.KUBECONFIG
    ? env.KUBECONFIG.split(delimiter).filter(Boolean)
    : [join(homedir(), '.kube', 'config')];
  return [...new Set(listed.map((f) => resolve(f)))].filter((f) => existsSync(f));
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The named entries of one list of a kubeconfig (`clusters`, `contexts`), first definition winning. */
function addNamed(into: Map<string, Record<string, unknown>>, list: unknown, field: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const name = text(record(item).name);
    if (name && !into.has(name)) into.set(name, record(record(item)[field]));
  }
}

/** Reads the kubeconfig and resolves `wanted` (or the current context) to its cluster and server. */
function resolveTarget(
  wanted: string | undefined,
  env: NodeJS.ProcessEnv,
): Target & { known: string[]; missing: boolean } {
  const files = kubeconfigFiles(env);
  const contexts = new Map<string, Record<string, unknown>>();
  const clusters = new Map<string, Record<string, unknown>>();
  let current = '';
  const out = { files, context: '', cluster: '', server: '', why: '', known: [] as string[], missing: false };
  for (const file of files) {
    let doc: Record<string, unknown>;
    try {
      doc = record(yaml.load(readFileSync(file, 'utf8')));
    } catch (err) {
      return { ...out, why: `cannot read ${file}: ${(err as Error).message.split('\n')[0]}` };
    }
    if (!current) current = text(doc['current-context']);
    addNamed(contexts, doc.contexts, 'context');
    addNamed(clusters, doc.clusters, 'cluster');
  }
  out.known = [...contexts.keys()];
  if (files.length === 0 && wanted === undefined) return { ...out, why: 'no kubeconfig file' };
  const context = wanted ?? current;
  if (!context) return { ...out, why: 'the kubeconfig sets no current context' };
  const ctx = contexts.get(context);
  if (!ctx)
    return { ...out, context, missing: wanted !== undefined, why: `the kubeconfig has no context "${context}"` };
  const cluster = text(ctx.cluster);
  const server = text(clusters.get(cluster)?.server);
  if (!server) return { ...out, context, cluster, why: `context "${context}" names no cluster with a server` };
  return { ...out, context, cluster, server };
}

/** One GET <server>/version without credentials: "HTTP <status>" when anything answers, else why not. */
function probe(server: string): Promise<{ answers: string; why: string }> {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return Promise.resolve({ answers: '', why: `server "${server}" is not a URL` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return Promise.resolve({ answers: '', why: `server "${server}" is neither https nor http` });
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/version`;
  return new Promise((done) => {
    const options = { method: 'GET', timeout: PROBE_TIMEOUT_MS, agent: false, headers: { accept: 'application/json' } };
    const onAnswer = (res: http.IncomingMessage): void => {
      res.resume();
      done({ answers: `HTTP ${res.statusCode ?? 0}`, why: '' });
      req.destroy();
    };
    // The certificate is not checked: this only asks whether anything answers there, and sends nothing secret.
    const req =
      url.protocol === 'https:'
        ? https.request(url, { ...options, rejectUnauthorized: false }, onAnswer)
        : http.request(url, options, onAnswer);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => done({ answers: '', why: err.message }));
    req.end();
  });
}

const quote = (v: string): string => `'${v.replace(/[\r\n]+/g, ' ').replace(/'/g, `'\\''`)}'`;

async function main(argv: string[]): Promise<number> {
  let wanted: string | undefined;
  let probing = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--context' && i + 1 < argv.length && argv[i + 1]) wanted = argv[++i];
    else if (a.startsWith('--context=') && a.length > '--context='.length) wanted = a.slice('--context='.length);
    else if (a === '--no-probe') probing = false;
    else {
      process.stderr.write(`run-target: unknown or incomplete argument "${a}"\n`);
      return 2;
    }
  }
  const target = resolveTarget(wanted, process.env);
  if (target.missing) {
    const known = target.known.length ? target.known.map((c) => `"${c}"`).join(', ') : 'none';
    process.stderr.write(`${target.why} (files: ${target.files.join(', ') || 'none'}; its contexts: ${known})\n`);
    return 3;
  }
  let answers = '';
  let why = target.why;
  if (target.server && probing) ({ answers, why } = await probe(target.server));
  const vars: [string, string][] = [
    ['kc_files', target.files.join(':')],
    ['kc_context', target.context],
    ['kc_cluster', target.cluster],
    ['kc_server', target.server],
    ['kc_answers', answers],
    ['kc_why', why],
  ];
  process.stdout.write(vars.map(([k, v]) => `${k}=${quote(v)}\n`).join(''));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
