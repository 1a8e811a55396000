import type { ContainerGroupSpecInput, StandbyPool } from "./contract";
import type { EngineClient } from "./engine-client";
import { type SpecRead, specOf } from "./groups";

export const POOLS = "/v1/standby-pools";

/** A pool's profile: a container-group spec as a read returns it. */
export function profileOf(pool: StandbyPool): SpecRead {
  return pool.profile as unknown as SpecRead;
}

/**
 * The profile to send back. Undefined when it holds `secureEnv`: the API never returns the values, so
 * the console cannot send the same profile again (a claim or an update without them would differ).
 */
export function profileSpec(pool: StandbyPool): ContainerGroupSpecInput | undefined {
  const profile = profileOf(pool);
  return profile.containers.some((c) => c.secureEnvNames.length > 0) ? undefined : specOf(profile);
}

/** An online change of how many groups the pool keeps ready (`PUT` with `If-Match`); the profile stays, so nothing is drained. */
export function setReadyCapacity(client: EngineClient, pool: StandbyPool, profile: ContainerGroupSpecInput, maxReadyCapacity: number): Promise<StandbyPool> {
  const spec = { name: pool.name, description: pool.description, profile, maxReadyCapacity };
  return client.json<StandbyPool>("PUT", `${POOLS}/${encodeURIComponent(pool.id)}`, spec, { ifMatch: pool.version });
}
