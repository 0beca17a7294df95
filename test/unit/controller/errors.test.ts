import { expect } from 'chai';
import { ApiException } from '@kubernetes/client-node';
import { InputError } from '../../../src/ecs/errors.js';
import { RequeueAfter, TransientError, UserError } from '../../../src/base/errors.js';
import { classifyError, httpStatusOf } from '../../../src/controller/errors.js';

function apiError(code: number, body: unknown = {}, headers: Record<string, string> = {}): ApiException<unknown> {
  return new ApiException(code, 'failed', body, headers);
}

describe('classifyError', () => {
  it('does not retry a write refused as too large (HTTP 413, or etcd through a 500) and tells the user', () => {
    for (const err of [
      apiError(413, { kind: 'Status', code: 413, message: 'Request entity too large: limit is 3145728' }),
      apiError(500, { kind: 'Status', code: 500, message: 'etcdserver: request is too large' }),
      apiError(500, {
        kind: 'Status',
        code: 500,
        message:
          'rpc error: code = ResourceExhausted desc = trying to send message larger than max (2885296 vs. 2097152)',
      }),
    ]) {
      const d = classifyError(err);
      expect(d.action).to.equal('noRetry');
      if (d.action !== 'noRetry') return;
      expect(d.user.reason).to.equal('TooLarge');
      expect(d.user.message).to.match(/too large/i);
    }
  });

  it('does not retry a user error and keeps its field path and reason', () => {
    const d = classifyError(new UserError('must be a positive integer', 'spec.desiredCount', 'InvalidDesiredCount'));
    expect(d).to.deep.equal({
      action: 'noRetry',
      category: 'user',
      user: {
        reason: 'InvalidDesiredCount',
        path: 'spec.desiredCount',
        message: 'spec.desiredCount: must be a positive integer',
      },
    });
  });

  it('does not retry an input error from the parser or translator, keeping its reason', () => {
    const d = classifyError(
      new InputError('containerDefinitions[0].privileged', 'refused by the operator policy', 'RefusedByPolicy'),
    );
    expect(d.action).to.equal('noRetry');
    expect(d.action === 'noRetry' && d.user).to.deep.equal({
      reason: 'RefusedByPolicy',
      path: 'containerDefinitions[0].privileged',
      message: 'containerDefinitions[0].privileged: refused by the operator policy',
    });
  });

  it('waits the requested time for RequeueAfter', () => {
    const d = classifyError(new RequeueAfter(15_000));
    expect(d.action).to.equal('requeueAfter');
    expect(d.action === 'requeueAfter' && d.delayMs).to.equal(15_000);
  });

  it('reports a 422 on a generated object to the user with the apiserver message, without retry', () => {
    const body = {
      kind: 'Status',
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      details: { causes: [{ field: 'spec.template.spec.containers[0].image', message: 'Required value' }] },
    };
    const d = classifyError(apiError(422, body));
    expect(d.action).to.equal('noRetry');
    if (d.action !== 'noRetry') return;
    expect(d.category).to.equal('invalidObject');
    expect(d.user.reason).to.equal('InvalidGeneratedObject');
    expect(d.user.path).to.equal('spec.template.spec.containers[0].image');
    expect(d.user.message).to.contain('Required value');
  });

  it('treats a strict-validation 400 (unknown field) like a 422, reading a JSON string body', () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 400,
      message: 'strict decoding error: unknown field "spec.bogus"',
    });
    const d = classifyError(apiError(400, body));
    expect(d.action).to.equal('noRetry');
    expect(d.action === 'noRetry' && d.user.message).to.contain('unknown field "spec.bogus"');
  });

  it('does not retry the 500 a real apiserver returns for a server-side apply with an undeclared field', () => {
    const body = {
      kind: 'Status',
      code: 500,
      message:
        'failed to create typed patch object (ns/web; apps/v1, Kind=Deployment): .spec.bogusField: field not declared in schema',
    };
    const d = classifyError(apiError(500, body));
    expect(d.action).to.equal('noRetry');
    expect(d.action === 'noRetry' && d.user).to.deep.include({
      reason: 'InvalidGeneratedObject',
      path: 'spec.bogusField',
    });
    expect(classifyError(apiError(500, { message: 'etcdserver: request timed out' }))).to.include({
      action: 'retry',
      category: 'server',
    });
  });

  it('retries a 409 conflict soon and quietly', () => {
    const d = classifyError(apiError(409));
    expect(d).to.include({ action: 'retry', category: 'conflict', severity: 'debug' });
  });

  for (const code of [401, 403]) {
    it(`retries a ${code} with backoff but logs it at error level, as it is not the user's fault`, () => {
      const d = classifyError(apiError(code, { message: 'services.apps is forbidden' }));
      expect(d).to.include({ action: 'retry', category: 'unauthorized', severity: 'error' });
      expect(d.action === 'retry' && d.message).to.contain('RBAC');
    });
  }

  it('ends quietly on a 403 from a namespace being deleted (nothing to retry, nothing to report)', () => {
    // As kube-apiserver 1.35 answers a create in a terminating namespace.
    const body = {
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
      message:
        'controllerrevisions.apps "web-1" is forbidden: unable to create new content in namespace team-a because it is being terminated',
      details: {
        name: 'web-1',
        kind: 'controllerrevisions',
        causes: [{ reason: 'NamespaceTerminating', field: 'metadata.namespace' }],
      },
    };
    expect(classifyError(apiError(403, body))).to.include({ action: 'done', category: 'terminating' });
  });

  it('retries 404 and 410 with backoff', () => {
    expect(classifyError(apiError(404))).to.include({ action: 'retry', category: 'notFound' });
    expect(classifyError(apiError(410))).to.include({ action: 'retry', category: 'gone' });
  });

  it('retries 429 and 5xx, honouring Retry-After', () => {
    expect(classifyError(apiError(429, {}, { 'Retry-After': '3' }))).to.include({
      action: 'retry',
      category: 'throttled',
      minDelayMs: 3000,
    });
    expect(classifyError(apiError(503))).to.include({ action: 'retry', category: 'server' });
    expect(classifyError(apiError(500))).to.not.have.property('minDelayMs');
  });

  it('retries watch errors that carry statusCode instead of code', () => {
    const err = Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
    expect(classifyError(err)).to.include({ action: 'retry', category: 'server' });
  });

  it('retries network errors, transient errors and unknown values with backoff', () => {
    const econn = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    expect(httpStatusOf(econn)).to.equal(undefined);
    expect(classifyError(econn)).to.include({ action: 'retry', category: 'transient', severity: 'error' });
    expect(classifyError(new TransientError('lease busy'))).to.include({ action: 'retry', severity: 'warn' });
    expect(classifyError('a string')).to.include({ action: 'retry', category: 'transient' });
    expect(classifyError(undefined)).to.include({ action: 'retry' });
  });
});
