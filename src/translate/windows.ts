/**
 * Windows tasks. `runtimePlatform` is optional on EC2 and many Windows task definitions omit it, so
 * when it is absent the task is judged from its evidence: Windows base images, `C:\` paths, named
 * pipes, gMSA credential specs and PowerShell or cmd commands. A task with such evidence gets
 * everything an explicit Windows task gets (Windows nodes, the Windows shell for CMD-SHELL checks,
 * cpu as ECS treats it on Windows, no pod-level resources), and a finding that says it was inferred
 * and from what. An explicit `runtimePlatform.operatingSystemFamily` always wins.
 */
import type { ContainerDefinition, TaskDefinitionSpec } from '../ecs/model.js';
import { dnsLabel } from './names.js';

const WINDOWS_IMAGE =
  /(^|\/)(windows|windows\/servercore|windows\/nanoserver|servercore|nanoserver)([/:@]|$)|mcr\.microsoft\.com\/(windows|dotnet\/framework|powershell:.*(nanoserver|windowsservercore))/i;
const WINDOWS_TAG = /:(.*-)?(windowsservercore|nanoserver|ltsc20\d\d)(-|$)/i;
const DRIVE_PATH = /^[a-z]:[\\/]/i;
const NAMED_PIPE = /^\\\\\.\\pipe\\/i;
const WINDOWS_SHELL = /^(powershell|pwsh|cmd)(\.exe)?$/i;

/** What marks container `i` as Windows, as short phrases naming the field (empty when nothing does). */
function containerEvidence(c: ContainerDefinition, i: number): string[] {
  const at = (field: string) => `containerDefinitions[${i}].${field}`;
  const out: string[] = [];
  if (c.image && (WINDOWS_IMAGE.test(c.image) || WINDOWS_TAG.test(c.image)))
    out.push(`${at('image')} ${JSON.stringify(c.image)}`);
  const first = c.entryPoint?.[0] ?? c.command?.[0];
  if (first && WINDOWS_SHELL.test(first)) out.push(`${at(c.entryPoint?.length ? 'entryPoint' : 'command')} ${first}`);
  if (c.workingDirectory && DRIVE_PATH.test(c.workingDirectory))
    out.push(`${at('workingDirectory')} ${c.workingDirectory}`);
  (c.mountPoints ?? []).forEach((m, j) => {
    if (m.containerPath && (DRIVE_PATH.test(m.containerPath) || NAMED_PIPE.test(m.containerPath)))
      out.push(`${at(`mountPoints[${j}].containerPath`)} ${m.containerPath}`);
  });
  const specs = [...(c.dockerSecurityOptions ?? []), ...(c.credentialSpecs ?? [])];
  if (specs.some((s) => s.startsWith('credentialspec:'))) out.push(`${at('dockerSecurityOptions')} credentialspec`);
  return out;
}

/** Everything in the task definition that says Windows; empty for a task with no such evidence. */
export function windowsEvidence(spec: TaskDefinitionSpec): string[] {
  const out = (spec.containerDefinitions ?? []).flatMap((c, i) => containerEvidence(c, i));
  (spec.volumes ?? []).forEach((v, i) => {
    const src = v.host?.sourcePath;
    if (src && (DRIVE_PATH.test(src) || NAMED_PIPE.test(src))) out.push(`volumes[${i}].host.sourcePath ${src}`);
  });
  return out;
}

/** Whether the task runs on Windows: its runtimePlatform says so, or, when absent, its evidence does. */
export function isWindows(spec: TaskDefinitionSpec): boolean {
  const os = spec.runtimePlatform?.operatingSystemFamily;
  if (os) return os.startsWith('WINDOWS');
  return windowsEvidence(spec).length > 0;
}

/**
 * The GMSACredentialSpec resource name for an ECS credential spec (`credentialspec:file://web.json`,
 * `credentialspec:arn:aws:s3:::bucket/web.json`, `credentialspec:arn:aws:ssm:...:parameter/web`):
 * the file or parameter name without its extension.
 */
export function gmsaCredentialSpecName(spec: string): string {
  const ref = spec.replace(/^credentialspec:/, '');
  const last = ref.split(/[/:]/).filter(Boolean).at(-1) ?? 'gmsa';
  return dnsLabel(last.replace(/\.json$/i, '').toLowerCase());
}
