import type { StandbyPool } from "@eci/sdk";
import type { SpecRead } from "../apply-plan";
import { age } from "../duration";
import { colorStatus, stdoutColors } from "../output/colors";
import { decimal } from "../output/units";
import { defineKind } from "./kind";

/** A pool's profile: a container-group spec as a read returns it. */
export function profileOf(pool: StandbyPool): SpecRead {
  return pool.profile as unknown as SpecRead;
}

/** Standby pools: groups of one profile kept running ahead of demand, claimed by a create with `standbyPoolId`. */
export const standbyPoolKind = defineKind<StandbyPool>({
  plural: "standby-pools",
  singular: "standby-pool",
  aliases: ["standby-pool", "sp", "pool", "pools", "standbypool", "standbypools"],
  idPrefix: "sp",
  hasLabels: false,
  list: (eci) => eci.standbyPools.list(),
  get: (eci, id) => eci.standbyPools.get(id),
  delete: async (eci, id) => (await eci.standbyPools.delete(id), false),
  columns: [
    { header: "ID", cell: (p) => p.id },
    { header: "NAME", cell: (p) => p.name },
    { header: "READY", cell: (p) => `${p.readyCount}/${p.maxReadyCapacity}` },
    { header: "CREATING", cell: (p) => String(p.creatingCount) },
    { header: "STATUS", cell: (p) => colorStatus(stdoutColors, p.status) },
    { header: "PRICE/h", cell: (p) => decimal(p.hourlyPrice) },
    { header: "AGE", cell: (p, now) => age(p.createdAt, now) },
    { header: "HOST TYPE", cell: (p) => profileOf(p).hostType, wide: true },
    { header: "IMAGES", cell: (p) => [...new Set(profileOf(p).containers.map((c) => c.image))].join(","), wide: true },
  ],
});
