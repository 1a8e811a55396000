import type { Api } from "../../helpers/test-engine";
import { type ResourceState, captureStack } from "./pulumi-install";
import type { Deployed } from "./stack";

/** Where the engine serves each resource type. */
const API_PATHS: Record<string, string> = {
  ContainerGroup: "container-groups",
  ImageCache: "image-caches",
  RegistryCredential: "registry-credentials",
  Eip: "eips",
  Vpc: "vpcs",
  Vxnet: "vxnets",
  SecurityGroup: "security-groups",
  Disk: "disks",
};

/** What deployed resources give back to the program, by name, for `captureStack`. */
export function statesOf(deployed: Iterable<Pick<Deployed, "name" | "id" | "props">>): Record<string, ResourceState> {
  return Object.fromEntries([...deployed].map((r) => [r.name, { id: r.id, state: r.props }]));
}

/**
 * The stack's hourly cost two ways: the `hourlyCost` the program exports, computed from the deployed
 * resources' outputs (and the `others` states of the program's resources that are not the engine's),
 * and the sum of what the engine says each of them costs per hour now (rounded to 6 decimal places, as
 * the bill is).
 */
export async function hourlyCosts(dir: string, config: Record<string, unknown>, deployed: Deployed[], api: Api, others: Record<string, ResourceState> = {}): Promise<{ exported: number; engine: number }> {
  const { outputs } = captureStack(dir, config, { ...others, ...statesOf(deployed) });
  let sum = 0;
  for (const r of deployed) {
    const reply = await api.request<{ hourlyPrice: number }>("GET", `/v1/${API_PATHS[r.type]}/${r.id}`);
    if (reply.status !== 200) throw new Error(`GET ${r.type} ${r.id} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    sum += reply.body.hourlyPrice;
  }
  return { exported: outputs.hourlyCost, engine: Math.round(sum * 1e6) / 1e6 };
}
