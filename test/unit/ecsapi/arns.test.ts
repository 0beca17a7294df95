import { expect } from 'chai';
import {
  clusterArn,
  clusterName,
  containerArn,
  epoch,
  podTaskId,
  runTaskId,
  serviceArn,
  serviceName,
  splitArn,
  taskArn,
  taskDefinitionArn,
  taskId,
  type Partition,
} from '../../../src/ecsapi/arns.js';
import { InputError } from '../../../src/ecs/errors.js';
import { parseTaskDefinitionRef } from '../../../src/ecs/taskdef-ref.js';
import { EcsApiError } from '../../../src/ecsapi/errors.js';

const P: Partition = { region: 'eu-west-1', accountId: '123456789012' };
const PREFIX = 'arn:aws:ecs:eu-west-1:123456789012';
const UID = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';

/** The EcsApiError `fn` throws. */
function ecsError(fn: () => unknown): EcsApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EcsApiError) return err;
    throw err;
  }
  throw new Error('expected an EcsApiError');
}

describe('ARN builders', () => {
  it('name a cluster, a service (long format), a task definition and a task as ECS prints them', () => {
    expect(clusterArn(P, 'prod')).to.equal(`${PREFIX}:cluster/prod`);
    expect(serviceArn(P, 'prod', 'web')).to.equal(`${PREFIX}:service/prod/web`);
    expect(taskDefinitionArn(P, 'web', 7)).to.equal(`${PREFIX}:task-definition/web:7`);
    expect(taskArn(P, 'prod', '0123456789abcdef0123456789abcdef')).to.equal(
      `${PREFIX}:task/prod/0123456789abcdef0123456789abcdef`,
    );
  });

  it('name a container by its task and a stable 32-hex id that differs per container', () => {
    const a = containerArn(P, 'prod', 'abc', 'app');
    const b = containerArn(P, 'prod', 'abc', 'sidecar');
    expect(a).to.match(new RegExp(`^${PREFIX}:container/prod/abc/[0-9a-f]{32}$`));
    expect(containerArn(P, 'prod', 'abc', 'app')).to.equal(a);
    expect(b).to.not.equal(a);
  });
});

describe('ARN parsers', () => {
  it('read a cluster name from a name, an ARN, or nothing (default)', () => {
    expect(clusterName('prod')).to.equal('prod');
    expect(clusterName(`${PREFIX}:cluster/prod`)).to.equal('prod');
    expect(clusterName(undefined)).to.equal('default');
    expect(clusterName(null)).to.equal('default');
    expect(clusterName('')).to.equal('default');
  });

  it('read a service name from a name and from service ARNs in both formats', () => {
    expect(serviceName('web')).to.equal('web');
    expect(serviceName(`${PREFIX}:service/web`)).to.equal('web');
    expect(serviceName(`${PREFIX}:service/prod/web`)).to.equal('web');
  });

  it('read a task id from an id and from task ARNs in both formats', () => {
    const id = '0123456789abcdef0123456789abcdef';
    expect(taskId(id)).to.equal(id);
    expect(taskId(`${PREFIX}:task/${id}`)).to.equal(id);
    expect(taskId(`${PREFIX}:task/prod/${id}`)).to.equal(id);
  });

  it('round-trip what the builders make', () => {
    expect(clusterName(clusterArn(P, 'prod'))).to.equal('prod');
    expect(serviceName(serviceArn(P, 'prod', 'web'))).to.equal('web');
    expect(taskId(taskArn(P, 'prod', 'abc'))).to.equal('abc');
    expect(splitArn(taskDefinitionArn(P, 'web', 7))).to.deep.equal({ type: 'task-definition', path: 'web:7' });
  });

  it('read a task definition ARN back into its family and revision, and refuse another ARN type', () => {
    expect(parseTaskDefinitionRef(taskDefinitionArn(P, 'web', 7))).to.deep.equal({ family: 'web', revision: 7 });
    expect(parseTaskDefinitionRef('web:7')).to.deep.equal({ family: 'web', revision: 7 });
    expect(parseTaskDefinitionRef('web')).to.deep.equal({ family: 'web' });
    expect(() => parseTaskDefinitionRef(serviceArn(P, 'prod', 'web'))).to.throw(
      InputError,
      /is not a task definition ARN/,
    );
  });

  it('split an ECS ARN of any partition into its type and path, and leave a plain name alone', () => {
    expect(splitArn(`${PREFIX}:service/prod/web`)).to.deep.equal({ type: 'service', path: 'prod/web' });
    expect(splitArn('arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod')).to.deep.equal({
      type: 'cluster',
      path: 'prod',
    });
    expect(splitArn('arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task/x/y')).to.deep.equal({
      type: 'task',
      path: 'x/y',
    });
    expect(splitArn('web')).to.equal(undefined);
  });

  for (const [label, fn] of [
    ['cluster', () => clusterName('arn:aws:iam::123456789012:role/deployer')],
    ['service', () => serviceName('arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc')],
    ['task', () => taskId('arn:aws:s3:::my-bucket/task/abc')],
  ] as const) {
    it(`refuse a non-ECS ARN as a ${label} with InvalidParameterException`, () => {
      const e = ecsError(fn);
      expect(e.type).to.equal('InvalidParameterException');
      expect(e.status).to.equal(400);
      expect(e.message).to.match(/is not an ECS ARN$/);
    });
  }

  for (const [label, fn, message] of [
    ['a service ARN as a cluster', () => clusterName(`${PREFIX}:service/prod/web`), 'is not a cluster ARN'],
    ['a cluster ARN as a service', () => serviceName(`${PREFIX}:cluster/prod`), 'is not a service ARN'],
    ['a task definition ARN as a task', () => taskId(`${PREFIX}:task-definition/web:1`), 'is not a task ARN'],
  ] as const) {
    it(`refuse ${label} with InvalidParameterException quoting it`, () => {
      const e = ecsError(fn);
      expect(e.type).to.equal('InvalidParameterException');
      expect(e.message).to.match(new RegExp(`^"arn:aws:ecs:.*" ${message}$`));
    });
  }
});

describe('task ids', () => {
  it('make the first task of a Task resource its uid without dashes', () => {
    expect(runTaskId(UID, 0)).to.equal('3f2b8c1e7d4a4e6b9c0d1a2b3c4d5e6f');
    expect(runTaskId(UID, 0)).to.match(/^[0-9a-f]{32}$/);
  });

  it('make the other tasks 32 hex digits, stable, distinct from each other and from the first', () => {
    const ids = Array.from({ length: 10 }, (_, i) => runTaskId(UID, i));
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).to.equal(10);
    expect(runTaskId(UID, 3)).to.equal(ids[3]);
  });

  it('give two Task resources different ids for the same index', () => {
    const other = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    expect(runTaskId(other, 1)).to.not.equal(runTaskId(UID, 1));
  });

  it("make a service's task id its pod's uid without dashes", () => {
    expect(podTaskId(UID)).to.equal('3f2b8c1e7d4a4e6b9c0d1a2b3c4d5e6f');
  });
});

describe('epoch', () => {
  it('turns an RFC 3339 time into epoch seconds, with fractions kept', () => {
    expect(epoch('2026-11-26T10:00:00Z')).to.equal(Date.UTC(2026, 10, 26, 10) / 1000);
    expect(epoch('1970-01-01T00:00:01.500Z')).to.equal(1.5);
    expect(epoch('2026-11-26T11:00:00+01:00')).to.equal(epoch('2026-11-26T10:00:00Z'));
  });

  it('gives undefined for nothing and for a time it cannot read', () => {
    expect(epoch(undefined)).to.equal(undefined);
    expect(epoch(null)).to.equal(undefined);
    expect(epoch('')).to.equal(undefined);
    expect(epoch('yesterday')).to.equal(undefined);
  });
});
