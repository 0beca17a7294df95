// Windows without runtimePlatform (optional on EC2): inferred from the task's evidence, and then
// treated exactly as an explicit Windows task; an explicit operatingSystemFamily always wins.
import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { gmsaCredentialSpecName, isWindows, windowsEvidence } from '../../../src/translate/windows.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { podSpecOf } from '../../support/pods.js';

describe('Windows inference', () => {
  const cases: Array<[string, Parameters<typeof container>[1]]> = [
    ['a Windows base image', { image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }],
    ['a nanoserver tag', { image: 'registry.example.com/app:1.2-nanoserver-ltsc2022' }],
    ['a C:\\ working directory', { workingDirectory: 'C:\\app' }],
    ['a named pipe mount', { mountPoints: [{ sourceVolume: 'p', containerPath: '\\\\.\\pipe\\docker_engine' }] }],
    ['a gMSA credential spec', { dockerSecurityOptions: ['credentialspec:file://web.json'] }],
    ['a PowerShell entry point', { entryPoint: ['powershell.exe', '-Command'] }],
    ['a cmd command', { command: ['cmd', '/c', 'echo hi'] }],
  ];
  for (const [what, fields] of cases)
    it(`infers Windows from ${what}`, () => {
      const td = taskDef(container('app', fields));
      expect(windowsEvidence(td.spec)).to.have.length.greaterThan(0);
      expect(isWindows(td.spec)).to.equal(true);
    });

  it('finds nothing in a Linux task, and an explicit LINUX wins over any evidence', () => {
    expect(windowsEvidence(taskDef(container('app', { command: ['sh', '-c', 'echo'] })).spec)).to.deep.equal([]);
    const explicit = taskDef(container('app', { workingDirectory: 'C:\\app' }), {
      runtimePlatform: { operatingSystemFamily: 'LINUX' },
    });
    expect(isWindows(explicit.spec)).to.equal(false);
  });

  it('gives an inferred Windows task what an explicit one gets, and says from what', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', {
          image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
          healthCheck: { command: ['CMD-SHELL', 'exit 0'] },
        }),
        { cpu: '1024', memory: '2048' },
      ),
      podContext(),
    );
    const spec = podSpecOf(r);
    expect(spec.nodeSelector).to.deep.equal({ 'kubernetes.io/os': 'windows' });
    expect(spec.containers[0].readinessProbe?.exec?.command).to.deep.equal(['cmd', '/S', '/C', 'exit 0']);
    expect(spec.resources, 'no pod-level resources on Windows').to.equal(undefined);
    const inferred = r.findings.find((f) => f.path === 'runtimePlatform.operatingSystemFamily');
    expect(inferred?.message).to.match(/^absent: Windows inferred from containerDefinitions\[0\]\.image/);
  });

  it('names the GMSACredentialSpec after the file or parameter', () => {
    expect(gmsaCredentialSpecName('credentialspec:file://WebApp01.json')).to.equal('webapp01');
    expect(gmsaCredentialSpecName('credentialspec:arn:aws:s3:::bucket/dir/web.json')).to.equal('web');
    expect(gmsaCredentialSpecName('credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa-web')).to.equal(
      'gmsa-web',
    );
  });
});

describe('containers whose exit stops a service task', () => {
  it('are the essential ones, except those ECS restarts in place (restartPolicy enabled)', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app'),
        container('agent', { restartPolicy: { enabled: true } }),
        container('side', { essential: false }),
      ),
      podContext(),
    );
    expect(r.template.metadata.annotations?.['ecs2eks.dev/essential-containers']).to.equal('app');
  });
});
