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
  get(id: string): Promise<{ id: string }>;
  update(id: string, spec: unknown): Promise<{ id: string }>;
  delete(id: string): Promise<void>;
}

/** A resource that is ready as soon as the engine answers: what its provider needs to know about it. */
export interface ReadyResource {
  inputs: ResourceInputs<unknown, Record<string, never>>;
  changes: ChangeTable;
  api(eci: EciClient): ResourceApi;
  /** What the engine reports beyond the spec, kept as outputs. */
  outputKeys: readonly string[];
  /** Rules between the old inputs and the new, so that a preview reports them. */
  checkChange?(olds: Props, news: Props): CheckFailure[];
  /** Whether the old resource must be deleted before its replacement can be created. */
  deleteBeforeReplace?(olds: Props, news: Props): boolean;
}

function inputsOf<Spec>(schema: z.ZodObject & z.ZodType<Spec>, outputKeys: readonly string[], autoname: string): ResourceInputs<unknown, Record<string, never>> {
  return new ResourceInputs<Spec, Record<string, never>>({ spec: schema, specKeys: Object.keys(schema.shape), own: z.object({}), ownKeys: [], outputKeys, autoname }) as ResourceInputs<unknown, Record<string, never>>;
}

const overlap = (a: unknown, b: unknown) => {
  const [x, y] = [parseCidr(String(a)), parseCidr(String(b))];
  return x !== undefined && y !== undefined && cidrOverlaps(x, y);
};

const EIP_OUTPUTS = ["address", "status", "associatedWith", "createdAt"];
const VPC_OUTPUTS = ["eipAddress", "status", "createdAt"];
const VXNET_OUTPUTS = ["createdAt"];
const SECURITY_GROUP_OUTPUTS = ["attachedTo", "createdAt"];
const DISK_OUTPUTS = ["status", "attachedTo", "createdAt"];

/**
 * The network and disk resources (SPEC §1, §4). Their providers are one class,
 * `ReadyResourceProvider`, told which of these it serves.
 */
export const READY_RESOURCES = {
  Eip: {
    inputs: inputsOf<EipSpec>(EipSpecSchema, EIP_OUTPUTS, "eip"),
    changes: EIP_CHANGES,
    api: (eci) => eci.eips,
    outputKeys: EIP_OUTPUTS,
  },
  Vpc: {
    inputs: inputsOf<VpcSpec>(VpcSpecSchema, VPC_OUTPUTS, "vpc"),
    changes: VPC_CHANGES,
    api: (eci) => eci.vpcs,
    outputKeys: VPC_OUTPUTS,
    // VPCs of an engine never overlap, and an EIP is bound to one VPC at a time.
    deleteBeforeReplace: (olds, news) => overlap(olds.cidr, news.cidr) || (olds.eipId !== undefined && olds.eipId === news.eipId),
  },
  Vxnet: {
    inputs: inputsOf<VxnetSpec>(VxnetSpecSchema, VXNET_OUTPUTS, "vxnet"),
    changes: VXNET_CHANGES,
    api: (eci) => eci.vxnets,
    outputKeys: VXNET_OUTPUTS,
    // The vxnets of a VPC never overlap.
    deleteBeforeReplace: (olds, news) => olds.vpcId === news.vpcId && overlap(olds.cidr, news.cidr),
  },
  SecurityGroup: {
    inputs: inputsOf<SecurityGroupSpec>(SecurityGroupSpecSchema, SECURITY_GROUP_OUTPUTS, "sg"),
    changes: SECURITY_GROUP_CHANGES,
    api: (eci) => eci.securityGroups,
    outputKeys: SECURITY_GROUP_OUTPUTS,
  },
  Disk: {
    inputs: inputsOf<DiskSpec>(DiskSpecSchema, DISK_OUTPUTS, "disk"),
    changes: DISK_CHANGES,
    api: (eci) => eci.disks,
    outputKeys: DISK_OUTPUTS,
    checkChange: (olds, news) =>
      typeof olds.sizeGB === "number" && typeof news.sizeGB === "number" && news.sizeGB < olds.sizeGB && olds.type === news.type
        ? [{ property: "sizeGB", reason: `a disk can only grow: ${news.sizeGB} is less than its ${olds.sizeGB} GB (a smaller disk is a new Disk resource)` }]
        : [],
  },
} satisfies Record<string, ReadyResource>;

export type ReadyResourceType = keyof typeof READY_RESOURCES;
