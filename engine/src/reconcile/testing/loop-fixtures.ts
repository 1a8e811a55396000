import { ContainerGroupSpecSchema, type ContainerGroupSpecInput } from "@eci/sdk";
import type { GroupRecord } from "../../store/store";
import type { ReconcilerDeps } from "../reconciler-deps";

/** A group as the API stores it when created: pending, nothing observed yet (for the loop's unit tests). */
export function pendingGroup(id: string, spec: Partial<ContainerGroupSpecInput>, at: string): GroupRecord {
  return {
    id,
    accountId: "acc-1",
    spec: ContainerGroupSpecSchema.parse({ name: id, containers: [{ name: "web", image: "web:1" }], ...spec }),
    cpu: 1,
    memory: 2,
    updateGeneration: 1,
    observedUpdateGeneration: 0,
    restartGeneration: 0,
    observedRestartGeneration: 0,
    deleteRequested: false,
    observed: { phase: "pending", statusReason: null, healthStatus: "checking", privateIp: null, ports: [], containers: {}, supervision: {}, startedOnce: false, failedAt: null },
    assignedIp: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The services a reconciler asks besides the store and the runtime, doing nothing: no credentials, caches or secrets to open. */
export const NO_SERVICES: Pick<ReconcilerDeps, "credentials" | "caches" | "usage" | "secrets"> = {
  credentials: { resolve: () => undefined },
  caches: { forGroup: () => undefined },
  usage: { record: () => {} },
  secrets: { open: (sealed: string) => sealed },
};
