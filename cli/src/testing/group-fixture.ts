import { type ContainerGroup, ContainerGroupSpecSchema, type ContainerGroupSpecInput } from "@eci/sdk";

type ContainerStatus = Partial<Pick<ContainerGroup["containers"][number], "state" | "reason" | "message" | "exitCode" | "restartCount" | "ready" | "secureEnvNames">>;

/** A group as the API reads it back: `spec` with the defaults filled, running and healthy unless `status` says otherwise. */
export function groupFixture(
  spec: Partial<ContainerGroupSpecInput> = {},
  status: Partial<Omit<ContainerGroup, "containers">> = {},
  containers: Record<string, ContainerStatus> = {},
): ContainerGroup {
  const parsed = ContainerGroupSpecSchema.parse({ name: "web", containers: [{ name: "app", image: "eci-test/busybox:1" }], ...spec });
  return {
    ...parsed,
    id: "cg-1a2b3c4d",
    containers: parsed.containers.map(({ secureEnv, ...c }) => ({
      ...c,
      secureEnvNames: Object.keys(secureEnv ?? {}).sort(),
      state: "running",
      reason: null,
      message: null,
      exitCode: null,
      restartCount: 0,
      ready: true,
      startedAt: "2026-03-10T12:00:00.000Z",
      finishedAt: null,
      ...containers[c.name],
    })),
    status: "running",
    statusReason: null,
    healthStatus: "healthy",
    privateIp: "172.17.0.2",
    cpu: 2,
    memory: 4,
    ports: [],
    hourlyPrice: 0.098,
    version: 1,
    createdAt: "2026-03-10T12:00:00.000Z",
    updatedAt: "2026-03-10T12:00:00.000Z",
    ...status,
  };
}
