import type { ContainerGroup, Event } from "@eci/sdk";
import { age } from "../duration";
import type { Colors } from "./colors";
import { eventTable } from "./event-table";
import { NONE, decimal, gibibytes, labelList } from "./units";

type Container = ContainerGroup["containers"][number];
/** A label and its value, and lines of a list under it (environment variables, mounts). */
export type Field = readonly [label: string, value: string, list?: readonly string[]];

/** How many of the latest events `describe` shows. */
export const DESCRIBE_EVENTS = 20;

/** `Label:  value` lines, the values of one block aligned as kubectl describe aligns them. */
export function fields(rows: readonly Field[], indent: string): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .map(([label, value, list = []]) => `${indent}${`${label}:`.padEnd(width)}${value}`.trimEnd() + `\n${list.map((l) => `${indent}  ${l}\n`).join("")}`)
    .join("");
}

export function when(iso: string | null, now: number): string {
  return iso === null ? NONE : `${iso} (${age(iso, now)} ago)`;
}

function words(list: readonly string[] | undefined): string {
  return list === undefined || list.length === 0 ? NONE : list.map((w) => (/^[\w./:=@%+-]+$/.test(w) ? w : JSON.stringify(w))).join(" ");
}

export function network(g: Pick<ContainerGroup, "network">): string {
  const n = g.network;
  if (!n) return "basic (ports on 127.0.0.1)";
  const sg = n.securityGroupId ? `, security group ${n.securityGroupId}` : "";
  return n.mode === "vpc" ? `vpc, vxnet ${n.vxnetId}${n.privateIp ? `, fixed IP ${n.privateIp}` : ""}${sg}` : `basic${n.eipId ? `, EIP ${n.eipId}` : ""}${sg}`;
}

function containerBlock(c: Container, now: number): string {
  const rows: Field[] = [
    ["Image", c.image],
    ["Pull Policy", c.imagePullPolicy],
    ["Command", words(c.command)],
    ["Args", words(c.args)],
    ...(c.workingDir ? [["Working Dir", c.workingDir] as const] : []),
    ["Ports", c.ports.length === 0 ? NONE : c.ports.map((p) => `${p.port}/${p.protocol}`).join(", ")],
    ["CPU", c.cpu === undefined ? "<group's share>" : decimal(c.cpu)],
    ["Memory", c.memory === undefined ? "<group's share>" : gibibytes(c.memory)],
    ["State", c.state],
    ["Reason", c.reason ?? NONE],
    ...(c.message ? [["Message", c.message] as const] : []),
    ["Exit Code", c.exitCode === null ? NONE : String(c.exitCode)],
    ["Started", when(c.startedAt, now)],
    ["Finished", when(c.finishedAt, now)],
    ["Ready", String(c.ready)],
    ["Restart Count", String(c.restartCount)],
    listField("Environment", [...Object.entries(c.env).map(([k, v]) => `${k}=${v}`), ...c.secureEnvNames.map((k) => `${k}=(secure, not shown)`)]),
    listField("Mounts", c.volumeMounts.map((m) => `${m.mountPath} from ${m.volume}${m.subPath ? ` (subPath ${m.subPath})` : ""}${m.readOnly ? " (ro)" : ""}`)),
  ];
  return `  ${c.name}:\n${fields(rows, "    ")}`;
}

/** A field whose value is a list: `<none>` when empty, else one line per entry under it. */
function listField(label: string, list: readonly string[]): Field {
  return list.length === 0 ? [label, NONE] : [label, "", list];
}

function volumeField(v: ContainerGroup["volumes"][number]): Field {
  return [v.name, v.disk ? `disk ${v.disk.diskId}` : `config files ${v.configFile?.files.map((f) => f.path).join(", ")}`];
}

/** `eci describe group`: the spec, the status and its reason, each container with its state, and the latest events, laid out as kubectl describe does. */
export function describeGroupText(g: ContainerGroup, events: readonly Event[], now: number, colors: Colors): string {
  const head: Field[] = [
    ["Name", g.name],
    ["ID", g.id],
    ["Description", g.description || NONE],
    ["Labels", labelList(g.labels)],
    ["Status", g.status],
    ["Status Reason", g.statusReason ?? NONE],
    ["Health", g.healthStatus],
    ["IP", g.privateIp ?? NONE],
    ["Ports", g.ports.length === 0 ? NONE : g.ports.map((p) => `${p.port}/${p.protocol} on ${p.hostIp}:${p.hostPort}`).join(", ")],
    ["Size", `${decimal(g.cpu)} vCPU, ${gibibytes(g.memory)} (host type ${g.hostType})`],
    ["Price", `${decimal(g.hourlyPrice)}/h`],
    ["Restart Policy", g.restartPolicy],
    ["Network", network(g)],
    ["Image Cache", g.imageCacheId ?? (g.autoMatchImageCache ? "auto-match" : NONE)],
    ["Shared Memory", g.shmSizeMB === undefined ? NONE : `${g.shmSizeMB}MB`],
    ["Version", String(g.version)],
    ["Created", when(g.createdAt, now)],
  ];
  const init = g.containers.filter((c) => c.type === "init");
  const work = g.containers.filter((c) => c.type === "work");
  const latest = events.slice(-DESCRIBE_EVENTS);
  return [
    fields(head, ""),
    init.length > 0 ? `Init Containers:\n${init.map((c) => containerBlock(c, now)).join("")}` : "",
    `Containers:\n${work.map((c) => containerBlock(c, now)).join("")}`,
    g.volumes.length === 0 ? `Volumes:  ${NONE}\n` : `Volumes:\n${fields(g.volumes.map(volumeField), "  ")}`,
    latest.length === 0 ? `Events:  ${NONE}\n` : `Events:${events.length > latest.length ? ` (the latest ${latest.length} of ${events.length})` : ""}\n${eventTable(latest, now, colors, "  ")}`,
  ].join("");
}
