/**
 * Who may read /metrics: the bearer token is authenticated with a TokenReview and the user it
 * names is authorised with a SubjectAccessReview for `get` on the non-resource path, as
 * controller-runtime's `WithAuthenticationAndAuthorization` filter and kube-rbac-proxy do. Grant it
 * with the `ecs2eks-metrics-reader` ClusterRole. Answers are cached for a few seconds by token
 * hash, so a scraper every 15 s costs at most two reviews per interval, and a burst of requests
 * with bad tokens cannot turn into a burst of reviews against the apiserver.
 */
import { createHash } from 'node:crypto';
import type { KubeApi } from './api.js';
import { RESOURCES } from './resources.js';

/** The decision for one request: 200 to serve it, 401 (who are you?) or 403 (not allowed). */
export type AuthDecision = { status: 200; user: string } | { status: 401 | 403; message: string };

/** Decides whether a request with this Authorization header may GET `path`. */
export interface RequestAuthorizer {
  authorize(authorization: string | undefined, path: string): Promise<AuthDecision>;
}

interface TokenReviewStatus {
  authenticated?: boolean;
  error?: string;
  user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
}

/** Options of {@link KubeRequestAuthorizer}. */
export interface KubeRequestAuthorizerOptions {
  /** How long a decision is reused for the same token and path (default 10 s). */
  ttlMs?: number;
  /** At most this many cached decisions; the oldest go first (default 256). */
  maxEntries?: number;
  now?: () => number;
}

/** {@link RequestAuthorizer} through the apiserver's TokenReview and SubjectAccessReview APIs. */
export class KubeRequestAuthorizer implements RequestAuthorizer {
  private readonly cache = new Map<string, { decision: AuthDecision; expires: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly api: KubeApi,
    opts: KubeRequestAuthorizerOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.maxEntries = opts.maxEntries ?? 256;
    this.now = opts.now ?? Date.now;
  }

  async authorize(authorization: string | undefined, path: string): Promise<AuthDecision> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return { status: 401, message: 'a bearer token is required (Authorization: Bearer <token>)' };
    const key = `${createHash('sha256').update(m[1]).digest('hex')} ${path}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) return hit.decision;
    const decision = await this.review(m[1], path);
    this.cache.delete(key);
    this.cache.set(key, { decision, expires: this.now() + this.ttlMs });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return decision;
  }

  private async review(token: string, path: string): Promise<AuthDecision> {
    const tr = await this.api.create<{ status?: TokenReviewStatus }>(RESOURCES.tokenReviews, undefined, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    });
    const who = tr.status;
    if (!who?.authenticated || !who.user?.username)
      return { status: 401, message: `the token was not authenticated${who?.error ? `: ${who.error}` : ''}` };
    const user = who.user.username;
    const sar = await this.api.create<{ status?: { allowed?: boolean; reason?: string } }>(
      RESOURCES.subjectAccessReviews,
      undefined,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user,
          ...(who.user.uid ? { uid: who.user.uid } : {}),
          groups: who.user.groups ?? [],
          ...(who.user.extra ? { extra: who.user.extra } : {}),
          nonResourceAttributes: { path, verb: 'get' },
        },
      },
    );
    if (sar.status?.allowed) return { status: 200, user };
    return {
      status: 403,
      message: `${user} may not get ${path}${sar.status?.reason ? ` (${sar.status.reason})` : ''}: bind it to the ecs2eks-metrics-reader ClusterRole`,
    };
  }
}
