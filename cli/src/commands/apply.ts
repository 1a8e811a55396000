import type { Command } from "commander";
import type { ContainerGroupSpecInput, EciClient, StandbyPoolSpecInput } from "@eci/sdk";
import { type ApplyPlan, planApply, planPoolApply } from "../apply-plan";
import { clientOf } from "../context";
import { POOL_KIND, type SpecFile, readSpecFile } from "../spec-file";

export function registerApply(program: Command): void {
  program
    .command("apply")
    .summary("create a group or standby pool from a spec file, or update the one with its name")
    .description(
      `Create a container group from a YAML or JSON spec, or update online the group with the same name: only the containers whose spec changed restart, and a change of name, description or labels restarts nothing. A group spec with standbyPoolId claims a ready group of that pool. A file with kind: ${POOL_KIND} declares a standby pool instead. The spec is checked before any request; the update is refused if the resource changed since it was read.`,
    )
    .requiredOption("-f, --filename <file>", "the spec, YAML or JSON; - reads stdin")
    .action(async (opts: { filename: string }, command: Command) => {
      const file = readSpecFile(opts.filename);
      const eci = clientOf(command);
      const [subject, said] = file.kind === "pool" ? await applyPool(eci, file) : await applyGroup(eci, file);
      process.stdout.write(`${subject} ${said}\n`);
    });
}

type Outcome = [subject: string, said: "created" | "configured" | "unchanged"];

async function applyGroup(eci: EciClient, file: Extract<SpecFile, { kind: "group" }>): Promise<Outcome> {
  const input = file.input as ContainerGroupSpecInput;
  const plan = planApply(file.spec, (await eci.containerGroups.list()).items.filter((g) => g.name === file.spec.name));
  // standbyPoolId only matters to a create: a group that exists already is updated as any other.
  const create = async () => (await eci.containerGroups.create(file.standbyPoolId ? { ...input, standbyPoolId: file.standbyPoolId } : input)).id;
  return [`group/${await carryOut(plan, create, (id, version) => eci.containerGroups.update(id, input, { ifMatch: version }))}`, said(plan)];
}

async function applyPool(eci: EciClient, file: Extract<SpecFile, { kind: "pool" }>): Promise<Outcome> {
  const input = file.input as StandbyPoolSpecInput;
  const plan = planPoolApply(file.spec, (await eci.standbyPools.list()).items.filter((p) => p.name === file.spec.name));
  const id = await carryOut(
    plan,
    async () => (await eci.standbyPools.create(input)).id,
    (poolId, version) => eci.standbyPools.update(poolId, input, { ifMatch: version }),
  );
  return [`standby-pool/${id}`, said(plan)];
}

/** Does what the plan says and answers the resource's id. */
async function carryOut(plan: ApplyPlan, create: () => Promise<string>, update: (id: string, version: number) => Promise<unknown>): Promise<string> {
  if (plan.action === "create") return create();
  if (plan.action === "update") await update(plan.id, plan.version);
  return plan.id;
}

function said(plan: ApplyPlan): Outcome[1] {
  return plan.action === "create" ? "created" : plan.action === "update" ? "configured" : "unchanged";
}
