/**
 * A fake of our own Transport port: records every request and answers with a handler the test
 * provides. It knows nothing about apiserver semantics; tests use it to check which requests the
 * kube/ modules make (paths, query parameters, content types, bodies).
 */
import { ApiException } from '@kubernetes/client-node';
import type { KubeRequest, Transport, WatchEvent, WatchStream } from '../../../../src/kube/client.js';

export type Handler = (req: KubeRequest) => unknown;

export class RecordingTransport implements Transport {
  requests: KubeRequest[] = [];
  constructor(public handler: Handler = () => ({})) {}

  async request<T>(req: KubeRequest): Promise<T> {
    this.requests.push(structuredClone(req));
    return (await this.handler(req)) as T;
  }

  watch<T>(_req: KubeRequest, _onEvent: (e: WatchEvent<T>) => void): WatchStream {
    throw new Error('watch not supported by RecordingTransport');
  }

  /** `METHOD path` of each request, for compact assertions. */
  lines(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }
}

/** An ApiException like the HttpTransport throws, with a Status body. */
export function apiError(code: number, message = 'error'): ApiException<unknown> {
  return new ApiException(code, message, { kind: 'Status', code, message }, {});
}
