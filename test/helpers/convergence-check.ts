import { execFileSync } from "node:child_process";
import type { ContainerGroup, Disk, Event, ImageCache, Vpc } from "@eci/sdk";
import { LABELS } from "../../engine/src/runtime/labels";
import { diskVolumeName, vpcNetworkName } from "../../engine/src/runtime/object-names";
import { type Api, docker } from "./test-engine";

/** What Docker holds for an engine, compared with what its API says exists. Every list is empty when they agree. */
export interface Census {
  /** API resources whose Docker objects were counted (groups, VPCs, disks, image caches). */
  checked: number;
  /** Docker objects with the engine's labels that belong to no resource of the API, or to no declared container. */
  orphans: string[];
  /** Two Docker objects for one thing (a sandbox, a declared container), or a container created again without having been removed. */
  duplicates: string[];
  /** Declared things Docker lacks: a container, a VPC's network, a disk's volume, a cache's pin. */
  missing: string[];
  /** Containers Docker marks `dead` (a removal that failed half-way). */
  dead: string[];
}

async function listAll<T>(api: Api, path: string): Promise<T[]> {
  const reply = await api.request<{ items: T[] }>("GET", path);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.items;
}

/**
 * Times each container was created beyond what its removals explain. Every re-creation the engine
 * makes is preceded by a `Killing` event (spec changed, restart) or a `SandboxChanged` one (every
 * member re-created), so `Created` events of one container may outnumber those by one at most.
 */
export function extraCreations(events: Event[]): string[] {
  const sandboxChanges = events.filter((e) => e.reason === "SandboxChanged").length;
  const names = [...new Set(events.filter((e) => e.reason === "Created" && e.container).map((e) => e.container as string))];
  return names.flatMap((name) => {
    const created = events.filter((e) => e.reason === "Created" && e.container === name).length;
    const killed = events.filter((e) => e.reason === "Killing" && e.container === name).length;
    return created > 1 + killed + sandboxChanges ? [`container ${name} created ${created} times with ${killed} removals and ${sandboxChanges} sandbox changes`] : [];
  });
}

/**
 * Counts, from Docker itself (objects found by the engine's labels, as the engine finds them), that
 * every group has exactly one sandbox and one container per declared container, every VPC its network,
 * every disk its volume and every available cache its pins; and that nothing labelled as the engine's
 * belongs to a resource the API does not have. Cache pins carry no engine label: `ownCache` tells this
 * engine's cache ids (those a test made) from other engines' on the same daemon. With `dataDir`, loop
 * devices backed by files there (disks' storage) count too.
 */
export async function takeCensus(api: Api, engineId: string, ownCache: (cacheId: string) => boolean, dataDir?: string): Promise<Census> {
  const census: Census = { checked: 0, orphans: [], duplicates: [], missing: [], dead: [] };
  const label = [`${LABELS.engine}=${engineId}`];
  const [groups, vpcs, disks, caches] = await Promise.all([
    listAll<ContainerGroup>(api, "/v1/container-groups"),
    listAll<Vpc>(api, "/v1/vpcs"),
    listAll<Disk>(api, "/v1/disks"),
    listAll<ImageCache>(api, "/v1/image-caches"),
  ]);
  const [containers, networks, { Volumes: volumes }, pins] = await Promise.all([
    docker.listContainers({ all: true, filters: { label } }),
    docker.listNetworks({ filters: { label } }),
    docker.listVolumes({ filters: { label } }),
    docker.listImages({ filters: { reference: ["eci-cache/*"] } }),
  ]);

  const groupIds = new Set(groups.map((g) => g.id));
  for (const c of containers) {
    const name = c.Names[0]?.replace(/^\//, "") ?? c.Id;
    if (c.State === "dead") census.dead.push(name);
    if (!groupIds.has(c.Labels[LABELS.group])) census.orphans.push(`container ${name} of group ${c.Labels[LABELS.group] ?? "(none)"}, which the API does not have`);
  }
  for (const g of groups) {
    census.checked += 1;
    const own = containers.filter((c) => c.Labels[LABELS.group] === g.id);
    const count = (role: string, name?: string) => own.filter((c) => c.Labels[LABELS.role] === role && (name === undefined || c.Labels[LABELS.container] === name)).length;
    const expect = (what: string, n: number) => {
      if (n === 0) census.missing.push(`${what} of group ${g.id}`);
      if (n > 1) census.duplicates.push(`${n} × ${what} of group ${g.id}`);
    };
    expect("sandbox", count("infra"));
    for (const spec of g.containers) expect(`container ${spec.name}`, count(spec.type ?? "work", spec.name));
    const declared = new Set(g.containers.map((s) => s.name));
    for (const c of own) if (c.Labels[LABELS.role] !== "infra" && !declared.has(c.Labels[LABELS.container])) census.orphans.push(`container ${c.Names[0]} not declared by group ${g.id}`);
    census.duplicates.push(...extraCreations(await api.events(g.id)).map((d) => `${d} (group ${g.id})`));
  }

  const vpcIds = new Set(vpcs.map((v) => v.id));
  for (const n of networks) if (!vpcIds.has(n.Labels?.["eci.vpc"] ?? "")) census.orphans.push(`network ${n.Name}, of no VPC the API has`);
  for (const v of vpcs) {
    census.checked += 1;
    const own = networks.filter((n) => n.Name === vpcNetworkName(v.id)).length;
    if (own === 0) census.missing.push(`network of VPC ${v.id}`);
    if (own > 1) census.duplicates.push(`${own} networks of VPC ${v.id}`);
  }

  const diskIds = new Set(disks.map((d) => d.id));
  for (const v of volumes ?? []) if (!diskIds.has(v.Labels?.["eci.disk"] ?? "")) census.orphans.push(`volume ${v.Name}, of no disk the API has`);
  for (const d of disks) {
    census.checked += 1;
    if (!(volumes ?? []).some((v) => v.Name === diskVolumeName(d.id))) census.missing.push(`volume of disk ${d.id}`);
  }

  // Disks backed by a file on a loop device: a device whose file (under the data directory) is of no disk leaks.
  if (dataDir) {
    for (const [device, file] of loopDevicesUnder(dataDir)) {
      const diskId = /(vol-[a-z0-9]+)/.exec(file)?.[1];
      if (!diskId || !diskIds.has(diskId)) census.orphans.push(`loop device ${device} on ${file}, of no disk the API has`);
    }
  }

  const cacheIds = new Set(caches.map((c) => c.id));
  const pinTags = pins.flatMap((i) =>
    (i.RepoTags ?? []).filter((t) => t.startsWith("eci-cache/")).map((tag) => ({ tag, cacheId: tag.slice("eci-cache/".length, tag.lastIndexOf(":")), imageId: i.Id })),
  );
  for (const p of pinTags) if (ownCache(p.cacheId) && !cacheIds.has(p.cacheId)) census.orphans.push(`image pin ${p.tag}, of no image cache the API has`);
  for (const cache of caches) {
    census.checked += 1;
    if (cache.status !== "available") continue;
    cache.cachedImages.forEach((image, i) => {
      const pin = pinTags.find((p) => p.tag === `eci-cache/${cache.id}:${i}`);
      if (!pin) census.missing.push(`pin ${i} of image cache ${cache.id}`);
      else if (pin.imageId !== image.imageId) census.missing.push(`pin ${i} of image cache ${cache.id} on ${pin.imageId}, not ${image.imageId}`);
    });
  }
  return census;
}

export function isClean(c: Census): boolean {
  return c.orphans.length + c.duplicates.length + c.missing.length + c.dead.length === 0;
}

/** Loop devices whose backing file is under `dir`: [device, file]. */
export function loopDevicesUnder(dir: string): Array<[string, string]> {
  return execFileSync("losetup", ["-l", "-n", "-O", "NAME,BACK-FILE"], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([device, file]) => device && file && file.startsWith(`${dir}/`))
    .map(([device, file]) => [device, file]);
}
