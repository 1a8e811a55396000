import {
  type DiskSpec,
  DiskSpecSchema,
  type EciClient,
  type EipSpec,
  EipSpecSchema,
  type SecurityGroupSpec,
  SecurityGroupSpecSchema,
  type VpcSpec,
  VpcSpecSchema,
  type VxnetSpec,
  VxnetSpecSchema,
  cidrOverlaps,
  parseCidr,
} from "@eci/sdk";
import { z } from "zod";
import { type SharedInputs, sharedInputs } from "./connection";
import { type ChangeTable, DISK_CHANGES, EIP_CHANGES, SECURITY_GROUP_CHANGES, VPC_CHANGES, VXNET_CHANGES } from "./diff";
import { type CheckFailure, ResourceInputs } from "./inputs";

type Props = Record<string, unknown>;

/** The engine's CRUD calls for one kind of resource. */
export interface ResourceApi {
  create(spec: unknown): Promise<{ id: string }>;
  get(id: string): Promise<{ id: string; version: number }>;
  update(id: string, spec: unknown, options: { ifMatch?: number }): Promise<{ id: string }>;
  delete(id: string): Promise<void>;
}

/** A resource that is ready as soon as the engine answers: what its provider needs to know about it. */
export interface ReadyResource {
  /** What the resource is called in messages ("disk"). */
  noun: string;
  inputs: ResourceInputs<unknown, SharedInputs>;
  changes: ChangeTable;
  api(eci: EciClient): ResourceApi;
  /** Rules between the old inputs and the new, so that a preview reports them. */
  checkChange?(olds: Props, news: Props): CheckFailure[];
  /** Whether the old resource must be deleted before its replacement can be created. */
  deleteBeforeReplace?(olds: Props, news: Props): boolean;
}

/**
 * Inputs of a spec schema, and the provider's own inputs every resource has (`adoptId` an id with
 * `idPrefix`, `connection`); `outputKeys` are what the engine reports beyond the spec, kept as outputs
 * (`version` among them, for `If-Match`).
 */
function inputsOf<Spec>(schema: z.ZodObject & z.ZodType<Spec>, idPrefix: string, outputKeys: readonly string[], autoname: string): ResourceInputs<unknown, SharedInputs> {
  const own = z.object(sharedInputs(idPrefix));
  return new ResourceInputs<Spec, SharedInputs>({ spec: schema, specKeys: Object.keys(schema.shape), own, ownKeys: Object.keys(own.shape), outputKeys, autoname }) as ResourceInputs<unknown, SharedInputs>;
}

const overlap = (a: unknown, b: unknown) => {
  const [x, y] = [parseCidr(String(a)), parseCidr(String(b))];
  return x !== undefined && y !== undefined && cidrOverlaps(x, y);
};

/**
 * The network and disk resources (SPEC §1, §4). Their providers are one class,
 * `ReadyResourceProvider`, told which of these it serves.
 */
export const READY_RESOURCES = {
  Eip: {
    noun: "EIP",
    inputs: inputsOf<EipSpec>(EipSpecSchema, "eip", ["address", "status", "associatedWith", "hourlyPrice", "version", "createdAt"], "eip"),
    changes: EIP_CHANGES,
    api: (eci) => eci.eips,
  },
  Vpc: {
    noun: "VPC",
    inputs: inputsOf<VpcSpec>(VpcSpecSchema, "rtr", ["eipAddress", "status", "hourlyPrice", "version", "createdAt"], "vpc"),
    changes: VPC_CHANGES,
    api: (eci) => eci.vpcs,
    // VPCs of an engine never overlap, and an EIP is bound to one VPC at a time.
    deleteBeforeReplace: (olds, news) => overlap(olds.cidr, news.cidr) || (olds.eipId !== undefined && olds.eipId === news.eipId),
  },
  Vxnet: {
    noun: "vxnet",
    inputs: inputsOf<VxnetSpec>(VxnetSpecSchema, "vxnet", ["hourlyPrice", "version", "createdAt"], "vxnet"),
    changes: VXNET_CHANGES,
    api: (eci) => eci.vxnets,
    // The vxnets of a VPC never overlap.
    deleteBeforeReplace: (olds, news) => olds.vpcId === news.vpcId && overlap(olds.cidr, news.cidr),
  },
  SecurityGroup: {
    noun: "security group",
    inputs: inputsOf<SecurityGroupSpec>(SecurityGroupSpecSchema, "sg", ["attachedTo", "hourlyPrice", "version", "createdAt"], "sg"),
    changes: SECURITY_GROUP_CHANGES,
    api: (eci) => eci.securityGroups,
  },
  Disk: {
    noun: "disk",
    inputs: inputsOf<DiskSpec>(DiskSpecSchema, "vol", ["status", "attachedTo", "hourlyPrice", "version", "createdAt"], "disk"),
    changes: DISK_CHANGES,
    api: (eci) => eci.disks,
    checkChange: (olds, news) =>
      typeof olds.sizeGB === "number" && typeof news.sizeGB === "number" && news.sizeGB < olds.sizeGB && olds.type === news.type
        ? [{ property: "sizeGB", reason: `a disk can only grow: ${news.sizeGB} is less than its ${olds.sizeGB} GB (a smaller disk is a new Disk resource)` }]
        : [],
  },
} satisfies Record<string, ReadyResource>;

export type ReadyResourceType = keyof typeof READY_RESOURCES;
