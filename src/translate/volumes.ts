/**
 * Task volumes → pod volumes (hostPath, emptyDir, EFS PersistentVolume + claim), and each
 * container's mountPoints, volumesFrom, tmpfs and /dev/shm → volumeMounts. Volume names are
 * sanitized through a NameMap and every mountPoints.sourceVolume is rewritten.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../ecs/model.js';
import type { EFSVolumeConfiguration, Volume } from '../ecs/schema.gen.js';
import { mibToQuantity } from '../ecs/units.js';
import { cpath, type FindingSink } from './findings.js';
import { NameMap, dnsLabel, stableHash } from './names.js';
import { policyRefusal, type TranslateOptions } from './options.js';
import type { KubeObject } from './types.js';

export const EFS_CSI_DRIVER = 'efs.csi.aws.com';
/** EFS is elastic; Kubernetes still wants a capacity on the PersistentVolume and claim. */
export const EFS_NOMINAL_CAPACITY = '5Gi';

export interface VolumePlan {
  volumes: Array<Record<string, unknown>>;
  objects: KubeObject[];
  names: NameMap;
}

/** buildVolumes translates `spec.volumes`. */
export function buildVolumes(
  spec: TaskDefinitionSpec,
  workloadName: string,
  options: TranslateOptions,
  sink: FindingSink,
): VolumePlan {
  const vols = spec.volumes ?? [];
  const seen = new Set<string>();
  vols.forEach((v, i) => {
    if (!v.name) throw new InputError(`volumes[${i}].name`, 'a volume needs a name');
    if (seen.has(v.name)) throw new InputError(`volumes[${i}].name`, `volume name "${v.name}" is used twice`);
    seen.add(v.name);
  });
  const names = new NameMap(seen);
  const plan: VolumePlan = { volumes: [], objects: [], names };
  vols.forEach((v, i) => {
    const name = names.get(v.name!)!;
    plan.volumes.push({ name, ...volumeSource(v, i, name, workloadName, options, plan, sink) });
  });
  return plan;
}

function volumeSource(
  v: Volume,
  i: number,
  name: string,
  workload: string,
  options: TranslateOptions,
  plan: VolumePlan,
  sink: FindingSink,
): Record<string, unknown> {
  const path = `volumes[${i}]`;
  if (v.configuredAtLaunch) {
    sink.approximated(
      `${path}.configuredAtLaunch`,
      'configured at launch (an EBS volume in ECS): here an emptyDir, node-local scratch space that lives as long as the pod; no EBS volume is created, whatever the Service or Task volumeConfigurations say',
    );
    return { emptyDir: {} };
  }
  if (v.efsVolumeConfiguration) {
    if (!options.integrations.efs) {
      sink.unsupported(
        `${path}.efsVolumeConfiguration`,
        'the EFS integration is off: an empty, pod-local emptyDir stands in for the file system',
      );
      return { emptyDir: {} };
    }
    const claim = efsObjects(
      v.efsVolumeConfiguration,
      `${path}.efsVolumeConfiguration`,
      dnsLabel(`${workload}-${name}`),
      options,
      plan,
      sink,
    );
    return { persistentVolumeClaim: { claimName: claim } };
  }
  if (v.fsxWindowsFileServerVolumeConfiguration) {
    sink.unsupported(
      `${path}.fsxWindowsFileServerVolumeConfiguration`,
      'FSx for Windows File Server is not translated (SMB CSI needs the share DNS name and credentials): an emptyDir stands in',
    );
    return { emptyDir: {} };
  }
  if (v.s3filesVolumeConfiguration) {
    sink.unsupported(
      `${path}.s3filesVolumeConfiguration`,
      'Amazon S3 Files has no Kubernetes volume equivalent: an emptyDir stands in',
    );
    return { emptyDir: {} };
  }
  const dvc = v.dockerVolumeConfiguration;
  if (dvc) {
    const dp = `${path}.dockerVolumeConfiguration`;
    sink.approximated(
      dp,
      'Docker volume → emptyDir: lives as long as the pod, and unlike a Docker volume it is not seeded with the image content at the mount path',
    );
    if (dvc.scope === 'shared')
      sink.unsupported(
        `${dp}.scope`,
        'a shared Docker volume outlives tasks; an emptyDir does not: data is lost when the pod goes',
      );
    if (dvc.autoprovision) sink.unsupported(`${dp}.autoprovision`, 'nothing to provision: the volume is an emptyDir');
    if (dvc.driver && dvc.driver !== 'local')
      sink.unsupported(`${dp}.driver`, `volume driver "${dvc.driver}" is not available; an emptyDir is used`);
    if (dvc.driverOpts && Object.keys(dvc.driverOpts).length > 0)
      sink.unsupported(`${dp}.driverOpts`, 'driver options are ignored');
    if (dvc.labels && Object.keys(dvc.labels).length > 0)
      sink.info(`${dp}.labels`, 'Docker volume labels have no place on an emptyDir; ignored');
    return { emptyDir: {} };
  }
  const sourcePath = v.host?.sourcePath;
  if (sourcePath) {
    if (options.policy.hostPath === 'refuse') {
      throw policyRefusal(`${path}.host.sourcePath`, 'hostPath volumes are refused by the operator policy');
    }
    if (/(^|\/)docker\.sock$/.test(sourcePath))
      sink.unsupported(
        `${path}.host.sourcePath`,
        `${sourcePath} is the Docker engine's socket: EKS nodes run containerd and have none (an empty directory is created in its place), and containerd's socket speaks another API`,
      );
    // No type: the kubelet checks nothing and the runtime binds whatever is there (a directory, a file,
    // a socket) and creates a missing directory, which is what Docker does for an ECS bind mount.
    // DirectoryOrCreate, the obvious choice, fails the pod on an existing file or socket.
    return { hostPath: { path: sourcePath } };
  }
  return { emptyDir: {} };
}

/**
 * efsVolumeName names the cluster-scoped PersistentVolume of one namespace's claim. `<ns>-<claim>` alone
 * is ambiguous (`a-b` + `c` and `a` + `b-c` give the same name, and one namespace would then report
 * ResourceExists forever), so a hash of the unambiguous `<ns>/<claim>` always ends the name.
 */
export function efsVolumeName(namespace: string, claimName: string): string {
  return `${dnsLabel(`${namespace}-${claimName}`, 54).replace(/-+$/, '')}-${stableHash(`${namespace}/${claimName}`, 8)}`;
}

/** efsObjects adds a static PersistentVolume for the EFS CSI driver and its claim; returns the claim name. */
function efsObjects(
  efs: EFSVolumeConfiguration,
  path: string,
  claimName: string,
  options: TranslateOptions,
  plan: VolumePlan,
  sink: FindingSink,
): string {
  const ap = efs.authorizationConfig?.accessPointId ?? '';
  const root = efs.rootDirectory && efs.rootDirectory !== '/' ? efs.rootDirectory : '';
  const volumeHandle = [efs.fileSystemId, root, ap].join(':').replace(/:+$/, '');
  const mountOptions: string[] = [];
  if (efs.transitEncryption === 'ENABLED' || ap) mountOptions.push('tls');
  if (efs.transitEncryptionPort) mountOptions.push(`tlsport=${efs.transitEncryptionPort}`);
  if (efs.authorizationConfig?.iam === 'ENABLED') {
    mountOptions.push('iam');
    sink.info(
      `${path}.authorizationConfig.iam`,
      'IAM authorization uses the EFS CSI driver identity, not the task role',
    );
  }
  const pvName = efsVolumeName(options.namespace, claimName);
  plan.objects.push({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: pvName },
    spec: {
      accessModes: ['ReadWriteMany'],
      capacity: { storage: EFS_NOMINAL_CAPACITY },
      claimRef: { name: claimName, namespace: options.namespace },
      csi: { driver: EFS_CSI_DRIVER, volumeHandle },
      mountOptions,
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: options.efsStorageClass,
      volumeMode: 'Filesystem',
    },
  });
  plan.objects.push({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName, namespace: options.namespace },
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: EFS_NOMINAL_CAPACITY } },
      storageClassName: options.efsStorageClass,
      volumeMode: 'Filesystem',
      volumeName: pvName,
    },
  });
  sink.info(path, `EFS ${volumeHandle} is PersistentVolume "${pvName}" bound to claim "${claimName}" (EFS CSI driver)`);
  return claimName;
}

type Mount = { name: string; mountPath: string; readOnly?: boolean };

/**
 * containerMounts returns the volumeMounts of every container: mountPoints, then volumesFrom copies
 * (transitively), then tmpfs and /dev/shm, which add Memory-backed emptyDir volumes to `plan`.
 */
export function containerMounts(
  defs: ContainerDefinition[],
  k8sNames: string[],
  plan: VolumePlan,
  sink: FindingSink,
): Mount[][] {
  const byName = new Map(defs.map((c, i) => [c.name, i]));
  const shared: Array<Mount[] | undefined> = defs.map(() => undefined);
  const resolving = new Set<number>();
  const sharedMounts = (i: number): Mount[] => {
    const done = shared[i];
    if (done) return done;
    const c = defs[i];
    if (resolving.has(i))
      throw new InputError(cpath(i, '.volumesFrom'), `volumesFrom forms a cycle through "${c.name}"`);
    resolving.add(i);
    const mounts: Mount[] = [];
    const paths = new Set<string>();
    (c.mountPoints ?? []).forEach((mp, j) => {
      const path = cpath(i, `.mountPoints[${j}]`);
      if (!mp.sourceVolume) throw new InputError(`${path}.sourceVolume`, 'a mount point needs a sourceVolume');
      const name = plan.names.get(mp.sourceVolume);
      if (!name)
        throw new InputError(`${path}.sourceVolume`, `no volume named "${mp.sourceVolume}" in this task definition`);
      if (!mp.containerPath) throw new InputError(`${path}.containerPath`, 'a mount point needs a containerPath');
      if (paths.has(mp.containerPath))
        throw new InputError(`${path}.containerPath`, `${mp.containerPath} is mounted twice in "${c.name}"`);
      paths.add(mp.containerPath);
      mounts.push({ name, mountPath: mp.containerPath, ...(mp.readOnly ? { readOnly: true } : {}) });
    });
    (c.volumesFrom ?? []).forEach((vf, j) => {
      const path = cpath(i, `.volumesFrom[${j}]`);
      const src = vf.sourceContainer ? byName.get(vf.sourceContainer) : undefined;
      if (src === undefined || src === i) {
        throw new InputError(
          `${path}.sourceContainer`,
          `"${vf.sourceContainer ?? ''}" is not another container of this task definition`,
        );
      }
      const copied: string[] = [];
      for (const m of sharedMounts(src)) {
        if (paths.has(m.mountPath)) continue;
        paths.add(m.mountPath);
        mounts.push({ ...m, ...(vf.readOnly ? { readOnly: true } : {}) });
        copied.push(m.mountPath);
      }
      sink.approximated(
        path,
        `mounts the task volumes of "${vf.sourceContainer}" at the same paths (${copied.join(', ') || 'none'})${vf.readOnly ? ', read-only' : ''}; volumes declared only by its image are not shared`,
      );
    });
    resolving.delete(i);
    shared[i] = mounts;
    return mounts;
  };
  return defs.map((c, i) => {
    const mounts = [...sharedMounts(i)];
    const lp = c.linuxParameters;
    (lp?.tmpfs ?? []).forEach((t, j) => {
      const path = cpath(i, `.linuxParameters.tmpfs[${j}]`);
      const name = plan.names.fresh(`${k8sNames[i]}-tmpfs-${j}`);
      plan.volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: mibToQuantity(t.size) } });
      const ro = (t.mountOptions ?? []).includes('ro');
      mounts.push({ name, mountPath: t.containerPath, ...(ro ? { readOnly: true } : {}) });
      const other = (t.mountOptions ?? []).filter((o) => o !== 'ro' && o !== 'rw' && o !== 'defaults');
      if (other.length > 0)
        sink.unsupported(
          `${path}.mountOptions`,
          `tmpfs mount options ${other.join(', ')} have no Kubernetes equivalent`,
        );
    });
    if (lp?.sharedMemorySize) {
      const name = plan.names.fresh(`${k8sNames[i]}-shm`);
      plan.volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: mibToQuantity(lp.sharedMemorySize) } });
      mounts.push({ name, mountPath: '/dev/shm' });
    }
    return mounts;
  });
}
