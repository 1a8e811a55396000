import type { ReactNode } from "react";
import type { z } from "zod";
import {
  DiskSpecSchema,
  DiskTypeSchema,
  type Disk,
  EipSpecSchema,
  type Eip,
  ImageCacheSpecSchema,
  type ImageCache,
  RegistryCredentialSpecSchema,
  type RegistryCredential,
  SecurityGroupSpecSchema,
  type SecurityGroup,
  StandbyPoolSpecSchema,
  type StandbyPool,
  VpcSpecSchema,
  type Vpc,
  VxnetSpecSchema,
  type Vxnet,
} from "../../api/contract";
import type { Column } from "../../components/data-table";
import { StatusBadge } from "../../components/status-badge";
import { type ContainerGroup } from "../../api/contract";
import { specOf } from "../../api/groups";
import { profileOf } from "../../api/pools";
import { bytes, dateTime } from "../../format";
import { Link } from "../../router";
import { PoolCapacityButton } from "./pool-capacity";
import type { FormField } from "./resource-form";

/** A resource every kind has: what the generic page needs to list and delete it. */
export interface Resource {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  hourlyPrice: number;
}

/** One kind of resource as the generic page shows it: its list's columns and its create form's fields. */
export interface ResourceKind {
  route: string;
  title: string;
  singular: string;
  intro: string;
  path: string;
  schema: z.ZodType;
  fields: FormField[];
  columns: Column<Resource>[];
  /** Whether the price column means something (it is always 0 for credentials and vxnets). */
  billed: boolean;
  pollMs: number;
  canDelete?: (item: Resource) => boolean;
  /** Whether a resource has its own page, at `/<route>/<id>`: its name in the list links there. */
  detail?: boolean;
  /** What else a deletion removes, said in its confirmation. */
  deleteNote?: string;
  /** More buttons of a row, before Delete; `done` reports what changed and reloads the list. */
  rowActions?: (item: Resource, done: (news: string) => void) => ReactNode;
}

const NAME: FormField = { type: "text", name: "name", label: "Name", hint: "1–63 characters." };
const DESCRIPTION: FormField = { type: "textarea", name: "description", label: "Description", optional: true };

function kind<T>(
  k: Omit<ResourceKind, "columns" | "canDelete" | "rowActions"> & { columns: Column<T>[]; canDelete?: (item: T) => boolean; rowActions?: (item: T, done: (news: string) => void) => ReactNode },
): ResourceKind {
  return k as unknown as ResourceKind;
}

const groupLink = (id: string | null | undefined): ReactNode => (id?.startsWith("cg-") ? <Link to={`/groups/${id}`}>{id}</Link> : (id ?? "—"));

/** What a new pool's profile text starts as: the smallest group spec, to fill in or replace. */
const PROFILE_TEMPLATE = JSON.stringify({ name: "warm", containers: [{ name: "app", image: "" }] }, null, 2);

export const RESOURCE_KINDS: ResourceKind[] = [
  kind<StandbyPool>({
    route: "standby-pools",
    title: "Standby pools",
    singular: "standby pool",
    intro:
      "Groups of one profile kept created, started and healthy ahead of demand. Creating a group with the pool's profile and the pool claims one: it is running at once, and the pool makes another. Pooled groups are billed like groups and count against the group quota.",
    path: "/v1/standby-pools",
    schema: StandbyPoolSpecSchema,
    billed: true,
    pollMs: 2000,
    fields: [
      NAME,
      { type: "number", name: "maxReadyCapacity", label: "Groups kept ready", initial: "1", hint: "0–20; it can change later." },
      {
        type: "spec",
        name: "profile",
        label: "Profile (a container-group spec, JSON)",
        initial: PROFILE_TEMPLATE,
        hint: "The spec of the pool's groups, as POST /v1/container-groups takes it. No disks, fixed IPs or EIPs: a pool's groups cannot share them.",
        copy: {
          source: "/v1/container-groups",
          label: "Copy the spec of a group",
          hint: "Fills the profile below with that group's spec. Secret variables (secureEnv) are never read back: add them to the profile by hand.",
          specOf: (group) => specOf(group as unknown as ContainerGroup),
        },
      },
      DESCRIPTION,
    ],
    columns: [
      { header: "Ready", className: "num", cell: (p) => `${p.readyCount} / ${p.maxReadyCapacity}` },
      { header: "Creating", className: "num", cell: (p) => String(p.creatingCount) },
      { header: "Status", cell: (p) => <StatusBadge status={p.status} /> },
      { header: "Images", cell: (p) => <ul className="plain">{[...new Set(profileOf(p).containers.map((c) => c.image))].map((i) => <li key={i} className="mono">{i}</li>)}</ul> },
    ],
    rowActions: (p, done) => <PoolCapacityButton pool={p} done={done} />,
    deleteNote: "The groups it holds are deleted with it; groups claimed from it stay.",
  }),
  kind<ImageCache>({
    route: "image-caches",
    title: "Image caches",
    singular: "image cache",
    intro: "Images pulled ahead of time, so groups created later start without pulling them. Billed per hour on their size.",
    path: "/v1/image-caches",
    schema: ImageCacheSpecSchema,
    detail: true,
    billed: true,
    pollMs: 3000,
    fields: [
      NAME,
      { type: "number", name: "sizeGB", label: "Size (GB)", initial: "20", hint: "20–500: room for the images unpacked." },
      { type: "lines", name: "images", label: "Images", hint: "1–20 image references, one per line.", placeholder: "registry.example.com/team/app:1.2" },
      { type: "ref", name: "registryCredentialIds", label: "Registry credentials", source: "/v1/registry-credentials", multiple: true, hint: "For private images: each image uses the credential of its registry." },
      DESCRIPTION,
    ],
    columns: [
      { header: "Status", cell: (c) => (
        <>
          <StatusBadge status={c.status} />
          {c.statusReason && <div className="muted">{c.statusReason}</div>}
        </>
      ) },
      { header: "Images", cell: (c) => <ul className="plain">{c.images.map((i) => <li key={i} className="mono">{i}</li>)}</ul> },
      { header: "Used", cell: (c) => `${bytes(c.usedBytes)} of ${c.sizeGB} GB` },
    ],
  }),
  kind<RegistryCredential>({
    route: "registry-credentials",
    title: "Registry credentials",
    singular: "registry credential",
    intro: "A server, user name and password for a private registry, named by containers and image caches. The password is stored sealed and never shown again.",
    path: "/v1/registry-credentials",
    schema: RegistryCredentialSpecSchema,
    billed: false,
    pollMs: 10_000,
    fields: [
      { type: "text", name: "server", label: "Server", placeholder: "registry.example.com", hint: "The registry host, with its port when not the default." },
      { type: "text", name: "username", label: "User name" },
      { type: "password", name: "password", label: "Password" },
      { type: "text", name: "name", label: "Name", optional: true, hint: "Optional; the server by default." },
      { type: "checkbox", name: "verify", label: "Log in to the registry first", hint: "Refuse the credential when the registry does." },
    ],
    columns: [
      { header: "Server", cell: (c) => <span className="mono">{c.server}</span> },
      { header: "User name", cell: (c) => c.username },
      { header: "Password set", cell: (c) => dateTime(c.passwordUpdatedAt) },
    ],
  }),
  kind<Disk>({
    route: "disks",
    title: "Disks",
    singular: "disk",
    intro: "Persistent volumes made beforehand; a group mounts one at a time, and its data outlives the group.",
    path: "/v1/disks",
    schema: DiskSpecSchema,
    billed: true,
    pollMs: 5000,
    fields: [
      NAME,
      { type: "select", name: "type", label: "Type", options: DiskTypeSchema.options, initial: "basic", hint: "Decides which host types can mount it; cannot change." },
      { type: "number", name: "sizeGB", label: "Size (GB)", initial: "20", hint: "20–5000 in steps of 10; it can grow later, never shrink." },
      DESCRIPTION,
    ],
    columns: [
      { header: "Type", cell: (d) => d.type },
      { header: "Size", className: "num", cell: (d) => `${d.sizeGB} GB` },
      { header: "Status", cell: (d) => (
        <>
          <StatusBadge status={d.status} /> {d.attachedTo && groupLink(d.attachedTo)}
        </>
      ) },
    ],
    canDelete: (d) => d.status !== "in-use",
  }),
  kind<Vpc>({
    route: "vpcs",
    title: "VPCs",
    singular: "VPC",
    intro: "Private networks with an address range; an EIP with port forwarding brings traffic in, filtered by a security group.",
    path: "/v1/vpcs",
    schema: VpcSpecSchema,
    billed: true,
    pollMs: 10_000,
    fields: [
      NAME,
      { type: "text", name: "cidr", label: "Address range", initial: "192.168.0.0/16", hint: "A private /16 to /24; cannot change." },
      { type: "ref", name: "eipId", label: "EIP", source: "/v1/eips", hint: "Where port forwarding listens." },
      { type: "ref", name: "securityGroupId", label: "Security group", source: "/v1/security-groups" },
      {
        type: "rows",
        name: "portForwardings",
        label: "Port forwarding",
        addLabel: "Add rule",
        hint: "EIP port → private IP and port.",
        fields: [
          { type: "select", name: "protocol", label: "Protocol", options: ["TCP", "UDP"], initial: "TCP" },
          { type: "number", name: "eipPort", label: "EIP port" },
          { type: "text", name: "privateIp", label: "Private IP", placeholder: "192.168.1.2" },
          { type: "number", name: "privatePort", label: "Private port" },
        ],
      },
      DESCRIPTION,
    ],
    columns: [
      { header: "Range", cell: (v) => <span className="mono">{v.cidr}</span> },
      { header: "EIP", cell: (v) => <span className="mono">{v.eipAddress ?? "—"}</span> },
      { header: "Security group", cell: (v) => v.securityGroupId ?? "—" },
      { header: "Forwarding", cell: (v) => (v.portForwardings.length ? v.portForwardings.map((p) => `${p.eipPort}/${p.protocol} → ${p.privateIp}:${p.privatePort}`).join(", ") : "—") },
    ],
  }),
  kind<Vxnet>({
    route: "vxnets",
    title: "Vxnets",
    singular: "vxnet",
    intro: "Subnets of a VPC: a group in VPC mode joins one and gets a private IP in it. vxnet-0 is the basic network.",
    path: "/v1/vxnets",
    schema: VxnetSpecSchema,
    billed: false,
    pollMs: 10_000,
    fields: [
      NAME,
      { type: "ref", name: "vpcId", label: "VPC", source: "/v1/vpcs", required: true },
      { type: "text", name: "cidr", label: "Address range", placeholder: "192.168.1.0/24", hint: "Inside the VPC's range, not overlapping its other vxnets." },
      DESCRIPTION,
    ],
    columns: [
      { header: "VPC", cell: (v) => v.vpcId ?? <span className="muted">basic network</span> },
      { header: "Range", cell: (v) => <span className="mono">{v.cidr ?? "—"}</span> },
    ],
    canDelete: (v) => v.vpcId !== null,
  }),
  kind<Eip>({
    route: "eips",
    title: "EIPs",
    singular: "EIP",
    intro: "Public addresses, bound to a VPC for port forwarding or to a basic-network group. Here they come from a loopback pool, reachable from the engine's host.",
    path: "/v1/eips",
    schema: EipSpecSchema,
    billed: true,
    pollMs: 10_000,
    fields: [NAME, DESCRIPTION],
    columns: [
      { header: "Address", cell: (e) => <span className="mono">{e.address}</span> },
      { header: "Status", cell: (e) => (
        <>
          <StatusBadge status={e.status} /> {e.associatedWith && (e.associatedWith.kind === "container-group" ? groupLink(e.associatedWith.id) : e.associatedWith.id)}
        </>
      ) },
    ],
    canDelete: (e) => e.status !== "associated",
  }),
  kind<SecurityGroup>({
    route: "security-groups",
    title: "Security groups",
    singular: "security group",
    intro: "Ordered firewall rules for what comes in through an EIP: the lowest priority that matches decides; nothing matching is dropped.",
    path: "/v1/security-groups",
    schema: SecurityGroupSpecSchema,
    billed: true,
    pollMs: 10_000,
    fields: [
      NAME,
      {
        type: "rows",
        name: "rules",
        label: "Rules",
        addLabel: "Add rule",
        fields: [
          { type: "number", name: "priority", label: "Priority", placeholder: "0–100" },
          { type: "select", name: "direction", label: "Direction", options: ["ingress", "egress"], initial: "ingress" },
          { type: "select", name: "protocol", label: "Protocol", options: ["TCP", "UDP", "ICMP", "ALL"], initial: "TCP" },
          { type: "text", name: "ports", label: "Ports", placeholder: "80 or 8000-8100" },
          { type: "text", name: "sourceCidr", label: "Source", initial: "0.0.0.0/0" },
          { type: "select", name: "action", label: "Action", options: ["accept", "drop"], initial: "accept" },
        ],
      },
      DESCRIPTION,
    ],
    columns: [
      { header: "Rules", cell: (s) => (s.rules.length ? s.rules.map((r) => `${r.priority}: ${r.action} ${r.direction} ${r.protocol}${r.ports ? ` ${r.ports}` : ""} from ${r.sourceCidr}`).join("; ") : "none: everything is dropped") },
      { header: "Attached to", cell: (s) => (s.attachedTo.length ? s.attachedTo.map((id) => <span key={id}>{groupLink(id)} </span>) : "—") },
    ],
  }),
];
