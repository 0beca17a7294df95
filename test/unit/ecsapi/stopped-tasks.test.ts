import { expect } from 'chai';
import {
  ANNOTATION_STOPPED_TASKS,
  describeStoppedTask,
  MAX_RECORDS,
  readStoppedTasks,
  withStoppedTask,
  type StoppedTaskRecord,
} from '../../../src/ecsapi/stopped-tasks.js';

const P = { region: 'us-east-1', accountId: '123456789012' };
const NOW = new Date('2026-11-30T12:00:00Z');
const record = (id: string, stoppedAt = NOW.toISOString()): StoppedTaskRecord => ({
  id,
  stoppedAt,
  taskDefinition: 'web:3',
  containers: [{ name: 'app', image: 'web:1' }],
});
const annotations = (value: string) => ({ [ANNOTATION_STOPPED_TASKS]: value });

describe('stopped service tasks (StopTask records on the Service)', () => {
  it('keeps the newest records first, one per task, at most MAX_RECORDS', () => {
    let value = '[]';
    for (let i = 0; i < MAX_RECORDS + 3; i++) value = withStoppedTask(annotations(value), record(`t${i}`), NOW);
    value = withStoppedTask(annotations(value), record('t12'), NOW);
    const ids = readStoppedTasks(annotations(value), NOW).map((r) => r.id);
    expect(ids).to.have.length(MAX_RECORDS);
    expect(ids[0]).to.equal('t12');
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('forgets records older than an hour, and reads garbage as none', () => {
    const old = record('old', new Date(NOW.getTime() - 61 * 60 * 1000).toISOString());
    const value = JSON.stringify([record('new'), old, { id: 3 }]);
    expect(readStoppedTasks(annotations(value), NOW).map((r) => r.id)).to.deep.equal(['new']);
    expect(readStoppedTasks(annotations('{not json'), NOW)).to.deep.equal([]);
    expect(readStoppedTasks(undefined, NOW)).to.deep.equal([]);
  });

  it('describes a record as a STOPPED, UserInitiated task of its service, with the reason given', () => {
    const out = describeStoppedTask(P, 'prod', 'web', { ...record('abc'), reason: 'rotating' });
    expect(out).to.include({
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'rotating',
      group: 'service:web',
      stoppedAt: NOW.getTime() / 1000,
    });
    expect((out.containers as Array<{ lastStatus: string }>).map((c) => c.lastStatus)).to.deep.equal(['STOPPED']);
    expect(describeStoppedTask(P, 'prod', 'web', record('x')).stoppedReason).to.equal('Task stopped by user');
  });
});
