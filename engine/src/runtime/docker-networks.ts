import type Docker from "dockerode";
import { numberToIp, parseCidr } from "@eci/sdk";
import { ignoreNotFound, isStatus } from "./docker-status";
import { LABELS } from "./labels";

/** Creates a bridge network with this range (the gateway is its first address) and the engine's labels; an existing one is kept. */
export async function createNetwork(docker: Docker, engineId: string, name: string, cidr: string, labels: Record<string, string>): Promise<void> {
  const block = parseCidr(cidr);
  if (!block) throw new Error(`unreachable: ${cidr} was validated as a CIDR block`);
  try {
    await docker.createNetwork({
      Name: name,
      Driver: "bridge",
      CheckDuplicate: true,
      IPAM: { Driver: "default", Config: [{ Subnet: cidr, Gateway: numberToIp(block.base + 1) }] },
      Labels: { [LABELS.engine]: engineId, ...labels },
    });
  } catch (err) {
    if (isStatus(err, 409) && /already exists/.test(String((err as Error).message))) return;
    throw err;
  }
}

/** Removes a network; one already gone is not an error. */
export async function removeNetwork(docker: Docker, name: string): Promise<void> {
  await ignoreNotFound(docker.getNetwork(name).remove());
}
