/**
 * Deterministic Kubernetes names from ECS names. ECS allows 255 characters with uppercase and `_`;
 * Kubernetes wants DNS-1123 labels (63), subdomains (253) and IANA service names for ports (15).
 * Every function here is pure: the same input always gives the same name, and two distinct inputs
 * that needed rewriting get distinct names because a hash of the *original* is appended (the idea of
 * cdk8s `Names.toDnsLabel`). A name that is already valid is returned unchanged.
 */
import { createHash } from 'node:crypto';

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const HASH_LEN = 8;

/** stableHash returns the first `len` hex characters of the SHA-256 of `s`. */
export function stableHash(s: string, len = HASH_LEN): string {
  // A string is hashed as UTF-8 by default.
  return createHash('sha256').update(s).digest('hex').slice(0, len);
}

/** isDnsLabel reports whether `s` is a DNS-1123 label of at most `maxLen` characters. */
export function isDnsLabel(s: string, maxLen = 63): boolean {
  return s.length <= maxLen && LABEL_RE.test(s);
}

/** isDnsSubdomain reports whether `s` is a DNS-1123 subdomain of at most `maxLen` characters. */
export function isDnsSubdomain(s: string, maxLen = 253): boolean {
  // ''.split('.') is [''], which LABEL_RE rejects: the empty string is not a subdomain.
  return s.length <= maxLen && s.split('.').every((l) => LABEL_RE.test(l));
}

/** Lowercase, invalid characters to '-', runs of '-' collapsed, leading/trailing '-' removed. */
function sanitizeLabelChars(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * withSuffix returns `base` cut to leave room for `-suffix` within `maxLen`, then `-suffix`. `base`
 * is sanitized (no doubled '-' or '.', none at either end), so the cut leaves at most one '-' or '.'
 * at its end, which is dropped.
 */
function withSuffix(base: string, suffix: string, maxLen: number): string {
  const room = maxLen - suffix.length - 1;
  const head = base.slice(0, Math.max(room, 0)).replace(/[-.]$/, '');
  return head ? `${head}-${suffix}` : suffix;
}

/**
 * dnsLabel returns a DNS-1123 label (lowercase alphanumerics and '-', starting and ending with an
 * alphanumeric, at most `maxLen` characters). A valid label is returned as is; anything else is
 * sanitized, truncated and given an 8-hex hash suffix of the original input.
 */
export function dnsLabel(input: string, maxLen = 63): string {
  if (isDnsLabel(input, maxLen)) return input;
  const suffix = stableHash(input, Math.min(HASH_LEN, maxLen));
  return withSuffix(sanitizeLabelChars(input), suffix, maxLen);
}

/**
 * readableNames: the DNS-1123 label each of a set of names gets, readable first. A valid name is
 * itself; an invalid one its plain sanitized form (`example_task_2` → `example-task-2`, no hash),
 * unless that form is empty, longer than `maxLen`, or what another name of the set is or becomes:
 * then the hash-suffixed {@link dnsLabel}, which keeps distinct inputs distinct.
 */
export function readableNames(names: readonly string[], maxLen = 63): Map<string, string> {
  const unique = [...new Set(names)];
  const plain = (n: string) => (isDnsLabel(n, maxLen) ? n : sanitizeLabelChars(n));
  const taken = new Map<string, number>();
  for (const n of unique) taken.set(plain(n), (taken.get(plain(n)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const n of unique) {
    const p = plain(n);
    const readable = isDnsLabel(n, maxLen) || (isDnsLabel(p, maxLen) && taken.get(p) === 1);
    out.set(n, readable ? p : dnsLabel(n, maxLen));
  }
  return out;
}

const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * dns1035Label returns a DNS-1035 label, what a core Service name must be: a DNS-1123 label that
 * starts with a letter (`9lives`, `1.web` and `web.v2` are valid custom resource names but not
 * Service names). A valid one is returned as is; anything else is sanitized, prefixed with `s-` when
 * it would start with a digit, and hash-suffixed like {@link dnsLabel}.
 */
export function dns1035Label(input: string, maxLen = 63): string {
  if (input.length <= maxLen && DNS1035_RE.test(input)) return input;
  let base = sanitizeLabelChars(input);
  if (!/^[a-z]/.test(base)) base = `s-${base}`.replace(/-+$/, '');
  return withSuffix(base, stableHash(input, HASH_LEN), maxLen);
}

/**
 * dnsSubdomain returns a DNS-1123 subdomain (dot-separated labels, at most `maxLen` characters).
 * A valid subdomain is returned as is; anything else is sanitized per label and hash-suffixed.
 */
export function dnsSubdomain(input: string, maxLen = 253): string {
  if (isDnsSubdomain(input, maxLen)) return input;
  const base = input
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .split('.')
    .map(sanitizeLabelChars)
    .filter((l) => l.length > 0)
    .join('.');
  return withSuffix(base, stableHash(input, HASH_LEN), maxLen);
}

/** isPortName reports whether `s` is an IANA_SVC_NAME as Kubernetes validates port names. */
export function isPortName(s: string): boolean {
  // The pattern requires at least one character.
  return s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && !s.includes('--') && /[a-z]/.test(s);
}

/**
 * portName returns a valid Kubernetes port name (at most 15 characters of [a-z0-9-], at least one
 * letter, no leading, trailing or doubled '-'). A valid name is returned as is; anything else keeps
 * a sanitized prefix of up to 9 characters followed by '-' and a 5-hex hash of the original.
 */
export function portName(input: string): string {
  if (isPortName(input)) return input;
  let suffix = stableHash(input, 5);
  if (!/[a-z]/.test(suffix)) suffix = `p${suffix.slice(1)}`;
  return withSuffix(sanitizeLabelChars(input), suffix, 15);
}

/** labelValue returns `input` when it is a valid label value (≤63, alphanumeric ends, [-_.] inside), else undefined. */
export function labelValue(input: string): string | undefined {
  return input.length <= 63 && LABEL_VALUE_RE.test(input) ? input : undefined;
}

/** labelKey returns `input` when it is a valid label/annotation key (`[prefix/]name`), else undefined. */
export function labelKey(input: string): string | undefined {
  const slash = input.lastIndexOf('/');
  const prefix = slash >= 0 ? input.slice(0, slash) : undefined;
  const name = input.slice(slash + 1); // the whole input when there is no '/'
  // QUALIFIED_NAME_RE rejects the empty name.
  if (name.length > 63 || !QUALIFIED_NAME_RE.test(name)) return undefined;
  if (prefix !== undefined && !isDnsSubdomain(prefix, 253)) return undefined;
  return input;
}

/**
 * NameMap sanitizes a set of ECS names into unique DNS-1123 labels so that every cross-reference can
 * be rewritten through `get`. Names are assigned in sorted order of the originals, so the result
 * does not depend on declaration order; a collision (only possible through a hash coincidence or a
 * reserved name) is resolved by hashing the original with a counter.
 */
export class NameMap {
  private readonly byOriginal = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Builds the map for `originals`; `reserved` names are never handed out (e.g. generated volumes). */
  constructor(
    originals: Iterable<string>,
    // Stryker disable next-line ArrayDeclaration: a default reserved entry ("Stryker was here") is no DNS label, so it can never equal a name handed out
    reserved: Iterable<string> = [],
    private readonly maxLen = 63,
  ) {
    for (const r of reserved) this.taken.add(r);
    for (const o of [...new Set(originals)].sort()) this.assign(o);
  }

  private assign(original: string): void {
    this.byOriginal.set(original, this.take(original));
  }

  /** take returns dnsLabel(`name`), or while that is taken a label hashed from `name#1`, `name#2`, ..., and marks it taken. */
  private take(name: string): string {
    let candidate = dnsLabel(name, this.maxLen);
    for (let n = 1; this.taken.has(candidate); n++) {
      candidate = withSuffix(sanitizeLabelChars(name), stableHash(`${name}#${n}`), this.maxLen);
    }
    this.taken.add(candidate);
    return candidate;
  }

  /** has reports whether `original` is one of the mapped names. */
  has(original: string): boolean {
    return this.byOriginal.has(original);
  }

  /** get returns the sanitized name of `original`, or undefined when it is not in the map. */
  get(original: string): string | undefined {
    return this.byOriginal.get(original);
  }

  /** fresh returns a new unique label derived from `hint` (for generated names such as volumes). */
  fresh(hint: string): string {
    return this.take(hint);
  }

  /** entries returns [original, sanitized] pairs sorted by original (the order in which they were assigned). */
  entries(): Array<[string, string]> {
    return [...this.byOriginal.entries()];
  }
}
