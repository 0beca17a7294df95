/**
 * Kubernetes Events on the ECS resources (what `kubectl describe esvc web` shows), with client-go
 * style aggregation: the same (object, type, reason, message) within a window updates the count
 * and lastTimestamp of one Event instead of creating a new one each time, so a resource that fails
 * the same way on every resync does not flood the namespace. Recording is best effort: it never
 * throws into a reconcile.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../base/clock.js';
import { silentLogger } from '../base/log.js';
import type { KubeApi } from './api.js';
import { RESOURCES } from './resources.js';

/** Event type. */
export type EventType = 'Normal' | 'Warning';

/** The object an Event is about. */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** What the aggregator says to do for one occurrence. */
export type AggregateDecision =
  { action: 'create' } | { action: 'update'; name: string; count: number; firstTimestamp: number };

interface Entry {
  name: string;
  count: number;
  first: number;
  last: number;
}

/** Options of {@link EventAggregator}. */
export interface AggregatorOptions {
  /** Occurrences within this time of the first one are merged (default 10 min). */
  windowMs?: number;
  /** Entries remembered, least recently used dropped first (default 4096). */
  maxEntries?: number;
}

/**
 * EventAggregator decides, purely from its memory and `now`, whether an occurrence creates a new
 * Event or increments an existing one. Call {@link created} after a successful create.
 */
export class EventAggregator {
  private readonly entries = new Map<string, Entry>();
  private readonly windowMs: number;
  private readonly maxEntries: number;

  constructor(opts: AggregatorOptions = {}) {
    this.windowMs = opts.windowMs ?? 10 * 60_000;
    this.maxEntries = opts.maxEntries ?? 4096;
  }

  /** The aggregation key of an occurrence. */
  static key(uid: string, type: EventType, reason: string, message: string): string {
    return JSON.stringify([uid, type, reason, message]);
  }

  /** Records an occurrence at `now` and says whether to create or update. */
  observe(key: string, now: number): AggregateDecision {
    const e = this.entries.get(key);
    if (!e || now - e.first >= this.windowMs) {
      this.entries.delete(key);
      return { action: 'create' };
    }
    e.count++;
    e.last = now;
    // refresh LRU position
    this.entries.delete(key);
    this.entries.set(key, e);
    return { action: 'update', name: e.name, count: e.count, firstTimestamp: e.first };
  }

  /** Remembers the Event created for `key`. */
  created(key: string, name: string, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { name, count: 1, first: now, last: now });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `key` (e.g. its Event was deleted by the apiserver's TTL). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Number of remembered keys. */
  size(): number {
    return this.entries.size;
  }
}

const MAX_MESSAGE = 1024;

/** Options of {@link EventRecorder}. */
export interface EventRecorderOptions {
  api: KubeApi;
  /** `reportingInstance`, e.g. the leader identity. */
  instance: string;
  clock?: Clock;
  logger?: Logger;
  aggregator?: EventAggregator;
}

/** Creates core/v1 Events on ECS resources, aggregated. */
export class EventRecorder {
  private readonly api: KubeApi;
  private readonly instance: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly agg: EventAggregator;

  constructor(opts: EventRecorderOptions) {
    this.api = opts.api;
    this.instance = opts.instance;
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child({ component: 'events' });
    this.agg = opts.aggregator ?? new EventAggregator();
  }

  /** Records an Event on `obj`. Never rejects; failures are logged. */
  async record(obj: InvolvedObject, type: EventType, reason: string, message: string): Promise<void> {
    const msg = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
    const key = EventAggregator.key(
      obj.metadata.uid ?? `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`,
      type,
      reason,
      msg,
    );
    const now = this.clock.now();
    const namespace = obj.metadata.namespace ?? 'default';
    try {
      const d = this.agg.observe(key, now);
      if (d.action === 'update') {
        try {
          await this.api.mergePatch(RESOURCES.events, namespace, d.name, {
            count: d.count,
            lastTimestamp: isoSeconds(now),
          });
          return;
        } catch (err) {
          if ((err as { code?: unknown }).code !== 404) throw err;
          this.agg.forget(key); // expired by the apiserver's event TTL: start a new one
        }
      }
      const name = `${obj.metadata.name}.${now.toString(16)}${randomBytes(2).toString('hex')}`;
      await this.api.create(
        RESOURCES.events,
        namespace,
        buildEvent(obj, namespace, name, type, reason, msg, now, this.instance),
      );
      this.agg.created(key, name, now);
    } catch (err) {
      this.log.warn({ err, reason, object: `${obj.kind} ${namespace}/${obj.metadata.name}` }, 'could not record event');
    }
  }
}

/** RFC 3339 with seconds precision, as metav1.Time serializes. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The core/v1 Event body (exported for tests). */
export function buildEvent(
  obj: InvolvedObject,
  namespace: string,
  name: string,
  type: EventType,
  reason: string,
  message: string,
  now: number,
  instance: string,
) {
  const ts = isoSeconds(now);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace,
      ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
      ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
    },
    type,
    reason,
    message,
    count: 1,
    firstTimestamp: ts,
    lastTimestamp: ts,
    source: { component: 'ecs2eks' },
    reportingComponent: 'ecs2eks',
    reportingInstance: instance,
  };
}
