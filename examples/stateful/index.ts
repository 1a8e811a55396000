import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
const image = config.get("image") ?? "redis:7";
// Changing the host type replaces the group: the disk, and the data on it, stay.
const hostType = (config.get("hostType") ?? "basic") as "basic" | "performance";

// The data outlives any group: a disk of a type both basic and performance hosts can mount.
const data = new eci.Disk("data", { type: "performance", sizeGB: 20, description: "Redis's append-only file" });

const redis = new eci.ContainerGroup("redis", {
  hostType,
  volumes: [{ name: "data", disk: { diskId: data.id } }],
  containers: [
    {
      name: "redis",
      image,
      // Every write goes to the append-only file on the disk; on SIGTERM (the group deleted or
      // replaced) Redis flushes it before it exits.
      command: ["redis-server", "--appendonly", "yes", "--dir", "/data", "--protected-mode", "no"],
      ports: [{ port: 6379 }],
      volumeMounts: [{ volume: "data", mountPath: "/data" }],
      cpu: 0.5,
      memory: 1,
    },
  ],
});

export const diskId = data.id;
export const groupId = redis.id;
export const address = redis.ports.apply((ports) => (ports?.length ? `${ports[0].hostIp}:${ports[0].hostPort}` : undefined));
// What the stack costs per hour, in the engine's currency: the disk is billed even while no group mounts it.
export const hourlyCost = eci.hourlyCost(data, redis);
