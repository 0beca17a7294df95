/**
 * ECS units to numbers and Kubernetes quantities. ECS CPU is in units (1024 = 1 vCPU), memory in
 * MiB; task-level values are also written as strings ("256", "0.25 vCPU", "1 GB"). Pure functions;
 * bad input throws InputError with the caller's path.
 */
import { InputError } from './errors.js';

const INT_RE = /^\s*(\d+)\s*$/;
const VCPU_RE = /^\s*(\d*\.?\d+)\s*vcpu\s*$/i;
const GB_RE = /^\s*(\d*\.?\d+)\s*gb\s*$/i;

function positiveInt(value: number, path: string, what: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InputError(path, `${what} must be a positive whole number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * parseTaskCpu returns CPU units from a task-level cpu value: 256, "256", "1 vCPU", ".25 vcpu"
 * (vCPU × 1024, rounded). Throws InputError at `path` for anything else.
 */
export function parseTaskCpu(value: number | string, path: string): number {
  if (typeof value === 'number') return positiveInt(value, path, 'cpu');
  const int = INT_RE.exec(value);
  if (int) return positiveInt(Number(int[1]), path, 'cpu');
  const vcpu = VCPU_RE.exec(value);
  if (vcpu) return positiveInt(Math.round(Number(vcpu[1]) * 1024), path, 'cpu');
  throw new InputError(
    path,
    `cannot parse cpu ${JSON.stringify(value)}: expected CPU units ("256") or vCPU ("0.25 vCPU")`,
  );
}

/**
 * parseTaskMemory returns MiB from a task-level memory value: 512, "512", "1GB", "0.5 gb"
 * (GB means 1024 MiB, as ECS documents). Throws InputError at `path` for anything else.
 */
export function parseTaskMemory(value: number | string, path: string): number {
  if (typeof value === 'number') return positiveInt(value, path, 'memory');
  const int = INT_RE.exec(value);
  if (int) return positiveInt(Number(int[1]), path, 'memory');
  const gb = GB_RE.exec(value);
  if (gb) return positiveInt(Math.round(Number(gb[1]) * 1024), path, 'memory');
  throw new InputError(path, `cannot parse memory ${JSON.stringify(value)}: expected MiB ("512") or GB ("1 GB")`);
}

/** cpuUnitsToMillicores returns ceil(units × 1000 / 1024). */
export function cpuUnitsToMillicores(units: number): number {
  return Math.ceil((units * 1000) / 1024);
}

/** millicoresToQuantity returns whole cores ("2") when divisible by 1000, else millicores ("250m"). */
export function millicoresToQuantity(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** cpuUnitsToQuantity returns the Kubernetes CPU quantity for ECS units: 1024 → "1", 256 → "250m", 10 → "10m". */
export function cpuUnitsToQuantity(units: number): string {
  return millicoresToQuantity(cpuUnitsToMillicores(units));
}

/** mibToQuantity returns the canonical memory quantity: whole "Gi" when divisible by 1024, else "Mi" (1024 → "1Gi", 512 → "512Mi"). */
export function mibToQuantity(mib: number): string {
  return mib !== 0 && mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** gibToQuantity returns "<n>Gi". */
export function gibToQuantity(gib: number): string {
  return `${gib}Gi`;
}
