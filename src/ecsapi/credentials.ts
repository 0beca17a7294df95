/**
 * The ECS API server's credentials file: which AWS access keys may call it, their secrets (to
 * verify SigV4 signatures), and the Kubernetes user and groups each one is impersonated as.
 *
 * ```yaml
 * credentials:
 *   - accessKeyId: AKIAEXAMPLEDEPLOYER
 *     secretAccessKey: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
 *     user: ci-deployer
 *     groups: [team-a]
 * ```
 *
 * YAML or JSON (js-yaml reads both). A typo is an error naming its path, never a key silently
 * ignored; secret values never appear in error messages.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import yaml from 'js-yaml';
import { z } from 'zod';
import { InputError } from '../ecs/errors.js';
import { formatPath, issueLines } from '../ecs/parse/validate.js';

/** Files larger than this are refused unread (a credentials file is a few lines per key). */
export const MAX_CREDENTIALS_FILE_BYTES = 1024 * 1024;

const REASON = 'InvalidCredentialsFile';
const FIELDS = 'accessKeyId, secretAccessKey, user, groups';

const CredentialSchema = z.strictObject({
  // It travels inside `Credential=AKID/date/region/...`, so no `/`, `,` or spaces; AWS keys are \w+.
  accessKeyId: z
    .string()
    .regex(/^\w{1,128}$/, 'expected 1 to 128 letters, digits or underscores (like AKIAIOSFODNN7EXAMPLE)'),
  secretAccessKey: z.string().min(1),
  user: z.string().min(1),
  groups: z.array(z.string().min(1)).default([]),
});

const FileSchema = z.strictObject({ credentials: z.array(CredentialSchema) });

/** One access key, its secret, and the Kubernetes identity requests signed with it act as. */
export type Credential = z.infer<typeof CredentialSchema>;

/**
 * parseCredentials parses and validates the text of a credentials file; `origin` names it in
 * errors. Throws an {@link InputError} naming the field path (`credentials[1].user: ...`), a
 * duplicated access key (with both indexes) or an empty list.
 */
export function parseCredentials(text: string, origin: string): Credential[] {
  let doc: unknown;
  try {
    // CORE_SCHEMA: no timestamps or other YAML-only types, so `user: 2024-01-01` stays a string.
    doc = yaml.load(text.replace(/^\uFEFF/, ''), { filename: origin, schema: yaml.CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof yaml.YAMLException)) throw e;
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new InputError('', `${origin}${where}: invalid YAML or JSON: ${e.reason}`, 'InvalidSyntax', origin);
  }
  if (doc === undefined || doc === null)
    throw new InputError('', `${origin}: the file is empty (expected a credentials: list)`, REASON, origin);

  const result = FileSchema.safeParse(doc);
  if (!result.success) {
    const lines = result.error.issues.flatMap((issue) => describeIssue(issue, doc));
    const first = lines[0] ?? { path: '', message: 'invalid' };
    const more =
      lines.length > 1
        ? ` (and ${lines.length - 1} more: ${lines
            .slice(1, 4)
            .map((l) => l.path || '(root)')
            .join(', ')})`
        : '';
    throw fileError(origin, first.path, `${first.message}${more}`);
  }

  const creds = result.data.credentials;
  if (creds.length === 0) throw fileError(origin, 'credentials', 'the list is empty: no access key could call the API');
  const firstIndex = new Map<string, number>();
  creds.forEach((c, i) => {
    const seen = firstIndex.get(c.accessKeyId);
    if (seen !== undefined)
      throw fileError(
        origin,
        `credentials[${i}].accessKeyId`,
        `access key ${c.accessKeyId} is already listed at credentials[${seen}]; each key must map to one identity`,
      );
    firstIndex.set(c.accessKeyId, i);
  });
  return creds;
}

/**
 * loadCredentials reads and parses the credentials file at `path`, refusing (unread) one larger
 * than {@link MAX_CREDENTIALS_FILE_BYTES}. Throws an {@link InputError} for every problem,
 * including a file that cannot be read.
 */
export function loadCredentials(path: string): Credential[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError('', `${path}: cannot read the credentials file: ${(e as Error).message}`, REASON, path);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError('', `${path}: is a directory, not a credentials file`, REASON, path);
    if (stat.size > MAX_CREDENTIALS_FILE_BYTES) throw tooLarge(path, `${stat.size} bytes`);
    // Read at most one byte past the limit whatever the size said: a FIFO has none, a file may grow.
    const buf = Buffer.alloc(MAX_CREDENTIALS_FILE_BYTES + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > MAX_CREDENTIALS_FILE_BYTES) throw tooLarge(path, 'more than that');
    return parseCredentials(buf.subarray(0, n).toString('utf8'), path);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, size: string): InputError {
  return new InputError(
    '',
    `${path}: the credentials file is larger than ${MAX_CREDENTIALS_FILE_BYTES} bytes (1 MiB; it has ${size}); refusing to read it`,
    REASON,
    path,
  );
}

function fileError(origin: string, path: string, message: string): InputError {
  const err = new InputError(path, message, REASON, origin);
  err.message = `${origin}: ${err.message}`;
  return err;
}

/** One `path: message` line per zod issue, with this file's wording for unknown keys and secrets. */
function describeIssue(issue: z.core.$ZodIssue, doc: unknown): Array<{ path: string; message: string }> {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: `unknown field (expected ${issue.path.length === 0 ? 'credentials' : FIELDS})`,
    }));
  // issueLines would quote the value it got: not for a secret.
  if (issue.path.at(-1) === 'secretAccessKey') {
    const path = formatPath(issue.path);
    if (issue.code !== 'invalid_type') return [{ path, message: 'must not be empty' }];
    const got = valueAt(doc, issue.path);
    const kind = got === null ? 'null' : Array.isArray(got) ? 'list' : typeof got;
    return [
      {
        path,
        message: got === undefined ? 'required field is missing (expected string)' : `expected string, got ${kind}`,
      },
    ];
  }
  return issueLines([issue], doc, '', FileSchema);
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}
