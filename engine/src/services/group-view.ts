import type { ContainerGroup, ContainerStatus, GroupStatus } from "@eci/sdk";
import type { GroupRecord } from "../store/store";

/** The status a user sees: the transitional states come from what was asked, the others from what was observed. */
export function groupStatus(g: GroupRecord): GroupStatus {
  if (g.deleteRequested) return "deleting";
  if (g.restartGeneration > g.observedRestartGeneration) return "restarting";
  if (g.updateGeneration > g.observedUpdateGeneration) return "updating";
  return g.observed.phase;
}

const NOT_YET_OBSERVED: ContainerStatus = {
  state: "waiting",
  reason: "ContainerCreating",
  message: null,
  exitCode: null,
  restartCount: 0,
  ready: false,
  startedAt: null,
  finishedAt: null,
};

/** A stored group as the API returns it, with what it costs per hour now. */
export function toContainerGroup(g: GroupRecord, hourlyPrice: number): ContainerGroup {
  return {
    id: g.id,
    ...g.spec,
    containers: g.spec.containers.map(({ secureEnv, ...c }) => ({
      ...c,
      // Write-only: a read shows which variables are secret, never their (sealed) values.
      secureEnvNames: Object.keys(secureEnv ?? {}).sort(),
      ...(g.observed.containers[c.name] ?? NOT_YET_OBSERVED),
    })),
    status: groupStatus(g),
    statusReason: g.observed.statusReason,
    healthStatus: g.observed.healthStatus,
    privateIp: g.observed.privateIp,
    cpu: g.cpu,
    memory: g.memory,
    ports: g.observed.ports,
    hourlyPrice,
    version: g.version,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}
