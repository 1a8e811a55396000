import type { ContainerGroup } from "@eci/sdk";
import { age } from "../duration";
import { colorStatus, stdoutColors } from "../output/colors";
import { NONE, decimal, gibibytes, labelList } from "../output/units";
import { defineKind } from "./kind";

/** Container groups: the unit that is created, billed, updated, restarted and deleted. */
export const groupKind = defineKind<ContainerGroup>({
  plural: "groups",
  singular: "group",
  aliases: ["group", "cg", "container-group", "container-groups", "containergroup", "containergroups"],
  idPrefix: "cg",
  hasLabels: true,
  list: (eci, labels) => eci.containerGroups.list({ labels }),
  get: (eci, id) => eci.containerGroups.get(id),
  delete: async (eci, id) => (await eci.containerGroups.delete(id), true),
  columns: [
    { header: "ID", cell: (g) => g.id },
    { header: "NAME", cell: (g) => g.name },
    { header: "STATUS", cell: (g) => colorStatus(stdoutColors, g.status) },
    { header: "HEALTH", cell: (g) => colorStatus(stdoutColors, g.healthStatus) },
    { header: "IP", cell: (g) => g.privateIp ?? NONE },
    { header: "CPU", cell: (g) => decimal(g.cpu) },
    { header: "MEMORY", cell: (g) => gibibytes(g.memory) },
    { header: "PRICE/h", cell: (g) => decimal(g.hourlyPrice) },
    { header: "AGE", cell: (g, now) => age(g.createdAt, now) },
    { header: "CONTAINERS", cell: (g) => `${g.containers.filter((c) => c.ready).length}/${g.containers.length}`, wide: true },
    { header: "RESTARTS", cell: (g) => String(g.containers.reduce((sum, c) => sum + c.restartCount, 0)), wide: true },
    { header: "HOST TYPE", cell: (g) => g.hostType, wide: true },
    { header: "PORTS", cell: (g) => (g.ports.length === 0 ? NONE : g.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.port}/${p.protocol}`).join(",")), wide: true },
    { header: "LABELS", cell: (g) => labelList(g.labels), wide: true },
  ],
});
