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
  inputs: ResourceInputs<unknown, Record<string, never>>;
  changes: ChangeTable;
  api(eci: EciClient): ResourceApi;
  /** Rules between the old inputs and the new, so that a preview reports them. */
  checkChange?(olds: Props, news: Props): CheckFailure[];
  /** Whether the old resource must be deleted before its replacement can be created. */
  deleteBeforeReplace?(olds: Props, news: Props): boolean;
}

/** Inputs of a spec schema; `outputKeys` are what the engine reports beyond the spec, kept as outputs (`version` among them, for `If-Match`). */
function inputsOf<Spec>(schema: z.ZodObject & z.ZodType<Spec>, outputKeys: readonly string[], autoname: string): ResourceInputs<unknown, Record<string, never>> {
  return new ResourceInputs<Spec, Record<string, never>>({ spec: schema, specKeys: Object.keys(schema.shape), own: z.object({}), ownKeys: [], outputKeys, autoname }) as ResourceInputs<unknown, Record<string, never>>;
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
    inputs: inputsOf<EipSpec>(EipSpecSchema, ["address", "status", "associatedWith", "hourlyPrice", "version", "createdAt"], "eip"),
    changes: EIP_CHANGES,
    api: (eci) => eci.eips,
  },
  Vpc: {
    inputs: inputsOf<VpcSpec>(VpcSpecSchema, ["eipAddress", "status", "hourlyPrice", "version", "createdAt"], "vpc"),
    changes: VPC_CHANGES,
    api: (eci) => eci.vpcs,
    // VPCs of an engine never overlap, and an EIP is bound to one VPC at a time.
    deleteBeforeReplace: (olds, news) => overlap(olds.cidr, news.cidr) || (olds.eipId !== undefined && olds.eipId === news.eipId),
  },
  Vxnet: {
    inputs: inputsOf<VxnetSpec>(VxnetSpecSchema, ["hourlyPrice", "version", "createdAt"], "vxnet"),
    changes: VXNET_CHANGES,
    api: (eci) => eci.vxnets,
    // The vxnets of a VPC never overlap.
    deleteBeforeReplace: (olds, news) => olds.vpcId === news.vpcId && overlap(olds.cidr, news.cidr),
  },
  SecurityGroup: {
    inputs: inputsOf<SecurityGroupSpec>(SecurityGroupSpecSchema, ["attachedTo", "hourlyPrice", "version", "createdAt"], "sg"),
    changes: SECURITY_GROUP_CHANGES,
    api: (eci) => eci.securityGroups,
  },
  Disk: {
    inputs: inputsOf<DiskSpec>(DiskSpecSchema, ["status", "attachedTo", "hourlyPrice", "version", "createdAt"], "disk"),
    changes: DISK_CHANGES,
    api: (eci) => eci.disks,
    checkChange: (olds, news) =>
      typeof olds.sizeGB === "number" && typeof news.sizeGB === "number" && news.sizeGB < olds.sizeGB && olds.type === news.type
        ? [{ property: "sizeGB", reason: `a disk can only grow: ${news.sizeGB} is less than its ${olds.sizeGB} GB (a smaller disk is a new Disk resource)` }]
        : [],
  },
} satisfies Record<string, ReadyResource>;

export type ReadyResourceType = keyof typeof READY_RESOURCES;
