/**
 * Launch type and capacity provider strategy → node selection (ecs-mapping.md CreateService
 * `launchType`, `capacityProviderStrategy`). The operator's `capacityProviders` table maps a provider
 * or launch type name to a node selector and tolerations. Fargate entries apply only when the
 * `fargateNodeSelection` integration is on, so that output runs on a bare kind/minikube cluster.
 */
import type { CapacityProviderStrategyItem, Compatibility } from '../ecs/schema.gen.js';
import type { NodePlacement, TranslateOptions } from './options.js';
import type { Finding, FindingSource } from './types.js';

export interface CapacityInput {
  source: FindingSource;
  launchType: string | null | undefined;
  capacityProviderStrategy: CapacityProviderStrategyItem[] | null | undefined;
  requiresCompatibilities: Compatibility[] | null | undefined;
  options: TranslateOptions;
}

export interface CapacityPlacement {
  /** Whether the tasks would run on Fargate, which spreads them across zones by default. */
  fargate: boolean;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, unknown>>;
  findings: Finding[];
}

const isFargateName = (name: string): boolean => name.toUpperCase().startsWith('FARGATE');

/** isFargate reports whether a resource runs on Fargate: by launch type, capacity provider or (neither given) task definition compatibility. */
export function isFargate(
  input: Pick<CapacityInput, 'launchType' | 'capacityProviderStrategy' | 'requiresCompatibilities'>,
): boolean {
  const providers = input.capacityProviderStrategy ?? [];
  if (providers.length > 0) return providers.some((p) => isFargateName(p.capacityProvider));
  if (input.launchType) return input.launchType === 'FARGATE';
  const compat = input.requiresCompatibilities ?? [];
  return compat.includes('FARGATE') && !compat.includes('EC2');
}

/** capacityPlacement returns the node selector and tolerations for the launch type or the primary capacity provider. */
export function capacityPlacement(input: CapacityInput): CapacityPlacement {
  const { source, options } = input;
  const findings: Finding[] = [];
  const fargate = isFargate(input);
  const providers = input.capacityProviderStrategy ?? [];

  const lookup = (name: string, path: string): NodePlacement | undefined => {
    if (isFargateName(name) && !options.integrations.fargateNodeSelection) {
      findings.push({
        source,
        path,
        level: 'Info',
        message: `${name}: Fargate node selection is off, pods may run on any node`,
      });
      return undefined;
    }
    const entry = options.capacityProviders[name];
    if (!entry)
      findings.push({
        source,
        path,
        level: 'Info',
        message: `${name}: no node selection is configured for it, pods may run on any node`,
      });
    return entry;
  };

  let placement: NodePlacement | undefined;
  if (providers.length > 0) {
    if (providers.length > 1) {
      // Kubernetes has no weighted split of one workload over node pools: the provider with the base
      // (or else the largest weight) takes all pods, unless every provider maps to the same nodes.
      providers.forEach((p, i) => {
        for (const member of ['base', 'weight'] as const) {
          if (p[member] != null) {
            findings.push({
              source,
              path: `capacityProviderStrategy[${i}].${member}`,
              level: 'Approximated',
              message:
                'Kubernetes cannot split one workload over capacity providers by base and weight; all pods use one provider’s nodes',
            });
          }
        }
      });
    }
    if (providers.length === 1) {
      for (const member of ['base', 'weight'] as const) {
        if (providers[0][member] != null) {
          findings.push({
            source,
            path: `capacityProviderStrategy[0].${member}`,
            level: 'Info',
            message: 'with a single capacity provider every pod uses it; nothing to split',
          });
        }
      }
    }
    const ranked = providers
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (b.p.base ?? 0) - (a.p.base ?? 0) || (b.p.weight ?? 0) - (a.p.weight ?? 0) || a.i - b.i);
    const placements = providers.map((p, i) =>
      lookup(p.capacityProvider, `capacityProviderStrategy[${i}].capacityProvider`),
    );
    placement = placements[ranked[0].i];
    const distinct = new Set(placements.map((x) => JSON.stringify(x ?? null)));
    if (distinct.size > 1) {
      findings.push({
        source,
        path: 'capacityProviderStrategy',
        level: 'Approximated',
        message: `providers map to different nodes; all pods use ${ranked[0].p.capacityProvider}'s`,
      });
    }
  } else if (input.launchType) {
    placement = lookup(input.launchType, 'launchType');
  }

  const out: CapacityPlacement = { fargate, findings };
  if (placement?.nodeSelector && Object.keys(placement.nodeSelector).length > 0)
    out.nodeSelector = { ...placement.nodeSelector };
  if (placement?.tolerations && placement.tolerations.length > 0)
    out.tolerations = structuredClone(placement.tolerations);
  return out;
}
