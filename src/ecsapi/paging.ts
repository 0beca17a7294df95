/**
 * Pagination as the ECS list calls do it: `maxResults` (bounded per operation) and an opaque
 * `nextToken`. The server keeps no state, so the token carries the sort key of the last item
 * returned, and the next page starts after it: items added or removed between pages do not shift
 * the pages as an offset would.
 */
import { invalidParameter } from './errors.js';

export interface PageRequest {
  maxResults?: number | null;
  nextToken?: string | null;
}

/** page returns the items after the token's key (sorted by `key`), at most maxResults, and the next token. */
export function page<T>(
  items: readonly T[],
  key: (t: T) => string,
  req: PageRequest,
  bounds: { default: number; max: number },
): { items: T[]; nextToken?: string } {
  const max = req.maxResults ?? bounds.default;
  if (!Number.isInteger(max) || max < 1 || max > bounds.max)
    throw invalidParameter(`maxResults must be between 1 and ${bounds.max}`);
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  let start = 0;
  if (req.nextToken) {
    const after = decode(req.nextToken);
    start = sorted.findIndex((t) => compare(key(t), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const out = sorted.slice(start, start + max);
  const more = start + max < sorted.length;
  return more ? { items: out, nextToken: encode(key(out[out.length - 1])) } : { items: out };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encode(key: string): string {
  return Buffer.from(JSON.stringify({ after: key }), 'utf8').toString('base64url');
}

function decode(token: string): string {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof v.after === 'string') return v.after;
  } catch {
    // fall through
  }
  throw invalidParameter('Invalid nextToken: use the nextToken of the previous page as returned');
}
