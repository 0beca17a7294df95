import { expect } from 'chai';
import { Writable } from 'node:stream';
import { controllerOwner, objectKey, ownerKey, splitKey } from '../../../src/kube/keys.js';
import { createLogger, levelFromEnv, loggerFor } from '../../../src/base/log.js';

describe('queue keys', () => {
  it('keys namespaced objects as namespace/name and cluster-scoped ones by name', () => {
    expect(objectKey({ metadata: { name: 'web', namespace: 'team-a' } })).to.equal('team-a/web');
    expect(objectKey({ metadata: { name: 'node-1' } })).to.equal('node-1');
    expect(() => objectKey({ metadata: {} })).to.throw('no metadata.name');
  });

  it('splits keys back, keeping slashes in names out of the namespace', () => {
    expect(splitKey('team-a/web')).to.deep.equal({ namespace: 'team-a', name: 'web' });
    expect(splitKey('node-1')).to.deep.equal({ namespace: '', name: 'node-1' });
  });

  it('maps a child to its controlling owner of a given group and kind, in the child namespace', () => {
    const dep = {
      metadata: {
        name: 'web',
        namespace: 'team-a',
        ownerReferences: [
          { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'TaskDefinition', name: 'td', controller: false },
          { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'Service', name: 'web-svc', controller: true },
        ],
      },
    };
    expect(ownerKey(dep, 'ecs2eks.dev', 'Service')).to.equal('team-a/web-svc');
    expect(ownerKey(dep, 'ecs2eks.dev', 'TaskDefinition'), 'not the controller').to.equal(undefined);
    expect(ownerKey(dep, 'apps', 'Service'), 'same kind, other group').to.equal(undefined);
    expect(controllerOwner(dep, 'ecs2eks.dev', 'Service')?.name).to.equal('web-svc');
  });
});

describe('logger', () => {
  it('takes its level from LOG_LEVEL, falling back to info', () => {
    expect(levelFromEnv({ LOG_LEVEL: 'DEBUG' })).to.equal('debug');
    expect(levelFromEnv({ LOG_LEVEL: 'loud' })).to.equal('info');
    expect(levelFromEnv({})).to.equal('info');
  });

  it('writes JSON lines that carry the bindings of child loggers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const root = createLogger(sink, { level: 'info' });
    loggerFor('controller', { controller: 'service' }, root).child({ key: 'team-a/web' }).info('reconciled');
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).to.include({
      level: 'info',
      name: 'ecs2eks',
      component: 'controller',
      controller: 'service',
      key: 'team-a/web',
      msg: 'reconciled',
    });
    expect(line['time']).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
