import { efsVolumeName } from '../../../src/translate/volumes.js';
import type { V1PersistentVolume, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt, podSpecOf } from '../../support/pods.js';
import { POLICY_PRESETS } from '../../../src/translate/options.js';

describe('volumes', () => {
  it('maps a host sourcePath to hostPath and an empty host to emptyDir, rewriting names', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          mountPoints: [
            { sourceVolume: 'Logs_Dir', containerPath: '/var/log', readOnly: true },
            { sourceVolume: 'scratch', containerPath: '/tmp/s' },
          ],
        }),
        {
          volumes: [
            { name: 'Logs_Dir', host: { sourcePath: '/var/log/app' } },
            { name: 'scratch', host: {} },
          ],
        },
      ),
      podContext(),
    );
    const logs = podSpecOf(r).volumes ?? [];
    const logName = logs[0].name;
    expect(logName).to.match(/^logs-dir-[0-9a-f]{8}$/);
    expect(logs).to.deep.equal([
      { name: logName, hostPath: { path: '/var/log/app' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(containerOf(r, 'web').volumeMounts).to.deep.equal([
      { name: logName, mountPath: '/var/log', readOnly: true },
      { name: 'scratch', mountPath: '/tmp/s' },
    ]);
  });

  it('binds a host path with no type check, as Docker does (file, socket, directory or missing), and reports docker.sock', () => {
    const r = buildPodTemplate(
      taskDef(container('web'), {
        volumes: [
          { name: 'sock', host: { sourcePath: '/var/run/docker.sock' } },
          { name: 'id', host: { sourcePath: '/etc/machine-id' } },
        ],
      }),
      podContext(),
    );
    expect((podSpecOf(r).volumes ?? []).map((v) => v.hostPath)).to.deep.equal([
      { path: '/var/run/docker.sock' },
      { path: '/etc/machine-id' },
    ]);
    expect(findingsAt(r, 'volumes[0].host.sourcePath').map((f) => f.level)).to.deep.equal(['Unsupported']);
    expect(findingsAt(r, 'volumes[1].host.sourcePath')).to.deep.equal([]);
  });

  it('refuses hostPath volumes when the policy says so', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(container('web'), { volumes: [{ name: 'h', host: { sourcePath: '/etc' } }] }),
        podContext({
          options: {
            policy: { ...POLICY_PRESETS.local, hostPath: 'refuse' },
          },
        }),
      ),
    )
      .to.throw(InputError)
      .with.property('reason', 'RefusedByPolicy');
  });

  it('rejects a mount of an unknown volume with its path', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(container('web', { mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })),
        podContext(),
      ),
    )
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].mountPoints[0].sourceVolume');
  });

  it('turns a Docker volume into an emptyDir and reports shared scope and autoprovision', () => {
    const r = buildPodTemplate(
      taskDef(container('web'), {
        volumes: [{ name: 'd', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'local' } }],
      }),
      podContext(),
    );
    expect(r.template.spec.volumes).to.deep.equal([{ name: 'd', emptyDir: {} }]);
    expect(r.findings.map((f) => f.path)).to.include.members([
      'volumes[0].dockerVolumeConfiguration',
      'volumes[0].dockerVolumeConfiguration.scope',
      'volumes[0].dockerVolumeConfiguration.autoprovision',
    ]);
  });

  it('makes an EFS volume a PersistentVolume and claim when the EFS integration is on', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }), {
        volumes: [
          {
            name: 'data',
            efsVolumeConfiguration: {
              fileSystemId: 'fs-123',
              transitEncryption: 'ENABLED',
              authorizationConfig: { accessPointId: 'fsap-9', iam: 'ENABLED' },
            },
          },
        ],
      }),
      podContext({
        options: {
          integrations: {
            efs: true,
            externalSecrets: false,
            fargateNodeSelection: false,
            targetGroupBinding: false,
            securityGroupPolicy: false,
          },
        },
      }),
    );
    expect(r.template.spec.volumes).to.deep.equal([{ name: 'data', persistentVolumeClaim: { claimName: 'app-data' } }]);
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).to.deep.equal([
      'PersistentVolume/default-app-data-9d9676cc',
      'PersistentVolumeClaim/app-data',
    ]);
    const pv = r.objects[0] as V1PersistentVolume;
    expect(pv.spec?.csi).to.deep.equal({ driver: 'efs.csi.aws.com', volumeHandle: 'fs-123::fsap-9' });
    expect(pv.spec?.mountOptions).to.deep.equal(['tls', 'iam']);
    expect((r.objects[1] as V1PersistentVolumeClaim).spec?.volumeName).to.equal('default-app-data-9d9676cc');
  });

  it('uses an emptyDir with an unsupported finding for EFS when the integration is off', () => {
    const r = buildPodTemplate(
      taskDef(container('web'), { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }),
      podContext(),
    );
    expect(r.template.spec.volumes).to.deep.equal([{ name: 'data', emptyDir: {} }]);
    expect(findingsAt(r, 'volumes[0].efsVolumeConfiguration')[0].level).to.equal('Unsupported');
    expect(r.objects).to.deep.equal([]);
  });

  it('mounts the volumes of volumesFrom at the same paths, read-only when asked', () => {
    const r = buildPodTemplate(
      taskDef(
        container('data', { essential: false, mountPoints: [{ sourceVolume: 'v', containerPath: '/shared' }] }),
        container('web', { volumesFrom: [{ sourceContainer: 'data', readOnly: true }] }),
        { volumes: [{ name: 'v' }] },
      ),
      podContext(),
    );
    expect(containerOf(r, 'web').volumeMounts).to.deep.equal([{ name: 'v', mountPath: '/shared', readOnly: true }]);
    expect(findingsAt(r, 'containerDefinitions[1].volumesFrom[0]')[0].level).to.equal('Approximated');
  });

  it('maps tmpfs and sharedMemorySize to Memory emptyDirs with size limits', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          linuxParameters: {
            sharedMemorySize: 256,
            tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['ro', 'noexec'] }],
          },
        }),
      ),
      podContext(),
    );
    expect(r.template.spec.volumes).to.deep.equal([
      { name: 'web-tmpfs-0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'web-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
    ]);
    expect(containerOf(r, 'web').volumeMounts).to.deep.equal([
      { name: 'web-tmpfs-0', mountPath: '/run', readOnly: true },
      { name: 'web-shm', mountPath: '/dev/shm' },
    ]);
    expect(findingsAt(r, 'containerDefinitions[0].linuxParameters.tmpfs[0].mountOptions')[0].message).to.contain(
      'noexec',
    );
  });

  it('reports FSx for Windows as unsupported', () => {
    const r = buildPodTemplate(
      taskDef(container('web'), {
        volumes: [
          {
            name: 'f',
            fsxWindowsFileServerVolumeConfiguration: {
              fileSystemId: 'fs-1',
              rootDirectory: '\\share',
              authorizationConfig: { credentialsParameter: 'arn', domain: 'corp' },
            },
          },
        ],
      }),
      podContext(),
    );
    expect(findingsAt(r, 'volumes[0].fsxWindowsFileServerVolumeConfiguration')[0].level).to.equal('Unsupported');
  });
});

describe('a volume configured at launch', () => {
  it('says plainly that it is node-local scratch space and promises no EBS volume', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }), {
        volumes: [{ name: 'data', configuredAtLaunch: true }],
      }),
      podContext(),
    );
    expect(podSpecOf(r).volumes?.[0]).to.deep.include({ emptyDir: {} });
    const [f] = findingsAt(r, 'volumes[0].configuredAtLaunch');
    expect(f?.message).to.contain('node-local scratch space').and.contain('no EBS volume is created');
    expect(f?.message).to.not.contain('replaces');
  });
});

describe('efsVolumeName', () => {
  it('never gives two namespace/claim pairs the same PersistentVolume name', () => {
    const a = efsVolumeName('team-a', 'data');
    const b = efsVolumeName('team', 'a-data');
    expect(a).to.not.equal(b);
    expect(a).to.match(/^team-a-data-[0-9a-f]{8}$/);
  });

  it('stays a valid DNS label for long names', () => {
    const n = efsVolumeName('n'.repeat(63), 'c'.repeat(63));
    expect(n.length).to.be.at.most(63);
    expect(n).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
