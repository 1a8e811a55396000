import type { EipSpec, SecurityGroupSpec, VpcSpec, VxnetSpec } from "@eci/sdk";

/** The network resources and their specs. */
export interface NetworkSpecs {
  eip: EipSpec;
  vpc: VpcSpec;
  vxnet: VxnetSpec;
  "security-group": SecurityGroupSpec;
}
export type NetworkKind = keyof NetworkSpecs;

export interface NetworkRecord<K extends NetworkKind = NetworkKind> {
  id: string;
  accountId: string;
  kind: K;
  spec: NetworkSpecs[K];
  /** What the engine chose for the resource, such as an EIP's address. */
  assigned: { address?: string };
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * EIPs, VPCs, vxnets and security groups: one table, the kind in a column, the spec as JSON. Writes
 * given an `expectedVersion` compare and write at once, and return whether they wrote (see `Store`).
 */
export interface NetworkStore {
  insert<K extends NetworkKind>(record: NetworkRecord<K>): void;
  /** A resource of that kind that is not deleted, of any account. */
  get<K extends NetworkKind>(kind: K, id: string): NetworkRecord<K> | undefined;
  list<K extends NetworkKind>(kind: K, accountId?: string): NetworkRecord<K>[];
  replaceSpec<K extends NetworkKind>(kind: K, id: string, spec: NetworkSpecs[K], at: string, expectedVersion?: number): boolean;
  markDeleted(id: string, at: string, expectedVersion?: number): boolean;
}
