import type Docker from "dockerode";
import type { PublishedPort } from "@eci/sdk";
import type { ObservedContainer } from "./container-runtime";
import { isStatus } from "./docker-status";
import { LABELS, type Role } from "./labels";

/** One of the engine's containers as Docker reports it when inspected; undefined when it is gone. */
export async function observeContainer(docker: Docker, id: string): Promise<ObservedContainer | undefined> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(id).inspect();
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
  const labels = info.Config.Labels ?? {};
  const s = info.State;
  return {
    id: info.Id,
    role: labels[LABELS.role] as Role,
    name: labels[LABELS.container] ?? "",
    specHash: labels[LABELS.specHash] ?? "",
    // A container whose start failed stays "created" with an error: for the engine it has ended.
    state: s.Running ? "running" : s.Status === "created" ? (s.Error ? "exited" : "created") : s.Status === "exited" ? "exited" : "other",
    exitCode: s.ExitCode,
    oomKilled: s.OOMKilled,
    error: s.Error ?? "",
    startedAt: dockerTime(s.StartedAt),
    finishedAt: dockerTime(s.FinishedAt),
    ipAddress: addressOf(info.NetworkSettings),
    ports: publishedPorts(info.NetworkSettings?.Ports),
    nanoCpus: info.HostConfig.NanoCpus ?? 0,
    memoryBytes: info.HostConfig.Memory ?? 0,
  };
}

function publishedPorts(ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, proto] = key.split("/");
    for (const b of bindings ?? []) {
      out.push({ port: Number(port), protocol: proto === "udp" ? "UDP" : "TCP", hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The container's address: on the default bridge, or on the one network it joined (a VPC's). */
function addressOf(settings: Docker.ContainerInspectInfo["NetworkSettings"] | undefined): string | null {
  const own = (settings as { IPAddress?: string } | undefined)?.IPAddress;
  return own || Object.values(settings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || null;
}

function dockerTime(value: string | undefined): string | null {
  if (!value || value.startsWith("0001-01-01")) return null;
  return new Date(value).toISOString();
}
