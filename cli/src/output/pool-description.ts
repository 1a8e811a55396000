import type { StandbyPool } from "@eci/sdk";
import { profileOf } from "../kinds/pool-kind";
import { fields, network, when } from "./group-description";
import { NONE, decimal } from "./units";
import { toYaml } from "./yaml";

/** `eci describe standby-pool`: the pool's capacity and status, and its profile as YAML (the spec a claim must match). */
export function describePoolText(p: StandbyPool, now: number): string {
  const profile = profileOf(p);
  const head = fields(
    [
      ["Name", p.name],
      ["ID", p.id],
      ["Description", p.description || NONE],
      ["Status", p.status],
      ["Ready", `${p.readyCount}/${p.maxReadyCapacity} (${p.creatingCount} creating)`],
      ["Price", `${decimal(p.hourlyPrice)}/h`],
      ["Host Type", profile.hostType],
      ["Restart Policy", profile.restartPolicy],
      ["Network", network(profile)],
      ["Version", String(p.version)],
      ["Created", when(p.createdAt, now)],
      ["Updated", when(p.updatedAt, now)],
    ],
    "",
  );
  const yaml = toYaml(profile).trimEnd().split("\n").map((line) => `  ${line}\n`).join("");
  return `${head}Profile:\n${yaml}`;
}
