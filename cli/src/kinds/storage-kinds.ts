import type { Disk, ImageCache, RegistryCredential } from "@eci/sdk";
import { age } from "../duration";
import { colorStatus, stdoutColors } from "../output/colors";
import { NONE, bytes, decimal } from "../output/units";
import { defineKind } from "./kind";

/** Image caches: images pulled ahead of time, so groups start without pulling them. */
export const imageCacheKind = defineKind<ImageCache>({
  plural: "image-caches",
  singular: "image-cache",
  aliases: ["image-cache", "ic", "imagecache", "imagecaches", "cache", "caches"],
  idPrefix: "ic",
  hasLabels: false,
  list: (eci) => eci.imageCaches.list(),
  get: (eci, id) => eci.imageCaches.get(id),
  delete: async (eci, id) => (await eci.imageCaches.delete(id), true),
  columns: [
    { header: "ID", cell: (c) => c.id },
    { header: "NAME", cell: (c) => c.name },
    { header: "STATUS", cell: (c) => colorStatus(stdoutColors, c.status) },
    { header: "IMAGES", cell: (c) => String(c.images.length) },
    { header: "SIZE", cell: (c) => `${c.sizeGB}GB` },
    { header: "USED", cell: (c) => bytes(c.usedBytes) },
    { header: "PRICE/h", cell: (c) => decimal(c.hourlyPrice, 6) },
    { header: "AGE", cell: (c, now) => age(c.createdAt, now) },
    { header: "REASON", cell: (c) => c.statusReason ?? NONE, wide: true },
    { header: "IMAGE LIST", cell: (c) => c.images.join(","), wide: true },
  ],
});

/** Registry credentials: a private registry's server, username and (never shown) password. */
export const registryCredentialKind = defineKind<RegistryCredential>({
  plural: "registry-credentials",
  singular: "registry-credential",
  aliases: ["registry-credential", "rc", "credential", "credentials", "registrycredential", "registrycredentials"],
  idPrefix: "rc",
  hasLabels: false,
  list: (eci) => eci.registryCredentials.list(),
  get: (eci, id) => eci.registryCredentials.get(id),
  delete: async (eci, id) => (await eci.registryCredentials.delete(id), false),
  columns: [
    { header: "ID", cell: (c) => c.id },
    { header: "NAME", cell: (c) => c.name },
    { header: "SERVER", cell: (c) => c.server },
    { header: "USERNAME", cell: (c) => c.username },
    { header: "PASSWORD AGE", cell: (c, now) => age(c.passwordUpdatedAt, now) },
    { header: "AGE", cell: (c, now) => age(c.createdAt, now) },
  ],
});

/** Disks: persistent volumes that outlive the groups mounting them. */
export const diskKind = defineKind<Disk>({
  plural: "disks",
  singular: "disk",
  aliases: ["disk", "vol", "volume", "volumes"],
  idPrefix: "vol",
  hasLabels: false,
  list: (eci) => eci.disks.list(),
  get: (eci, id) => eci.disks.get(id),
  delete: async (eci, id) => (await eci.disks.delete(id), false),
  columns: [
    { header: "ID", cell: (d) => d.id },
    { header: "NAME", cell: (d) => d.name },
    { header: "TYPE", cell: (d) => d.type },
    { header: "SIZE", cell: (d) => `${d.sizeGB}GB` },
    { header: "STATUS", cell: (d) => d.status },
    { header: "ATTACHED TO", cell: (d) => d.attachedTo ?? NONE },
    { header: "PRICE/h", cell: (d) => decimal(d.hourlyPrice, 6) },
    { header: "AGE", cell: (d, now) => age(d.createdAt, now) },
  ],
});
