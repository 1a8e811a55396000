import type { ContainerGroupSpec, GroupNetwork, HostType, ValidationIssue, Volume } from "@eci/sdk";
import type { GroupRecord } from "../store/store";

/** What the group rules need to know of the other resources a spec refers to. */
export interface GroupReferences {
  credentials: {
    /** The credential's server, when the account has that credential. */
    serverOf(accountId: string, id: string): string | undefined;
  };
  caches: { checkReference(accountId: string, id: string | undefined): ValidationIssue[] };
  disks: {
    checkVolumes(accountId: string, hostType: HostType, volumes: Volume[]): ValidationIssue[];
    /** Throws `in_use` when another group holds one of the disks. */
    checkAttachable(accountId: string, volumes: Volume[], groupId?: string): void;
  };
  /** Checks the network the spec names and returns the group's private IP in VPC mode (null otherwise). */
  placement: { place(accountId: string, groupId: string, network: GroupNetwork | undefined, current: string | null): string | null };
}

/** The part of the reconcile loop the API drives. */
export interface Reconciliation {
  enqueue(groupId: string): void;
  interrupt(groupId: string): void;
}

/** What groups ask of the reconcile loop. */
export interface GroupReconciliation extends Reconciliation {
  /** The id of a new group of this spec (one with its sandbox already running, when one fits). */
  newGroupId(spec: ContainerGroupSpec): string;
}

/** What claims and pooled groups ask of the rest of the engine (SPEC §8). */
export interface StandbyHooks {
  /** Rewrites a claimed group's config files in place (`ConfigBasis`), before the claim answers. */
  writeConfigFiles(group: GroupRecord): void;
  /** A pool lost a group (claimed, deleted): refill it. */
  refill(poolId: string): void;
}
