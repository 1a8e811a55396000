import type { CgroupHost, GroupLimits } from "./group-cgroup";

/** The parent cgroup of each group (see `group-cgroup.ts`), made and changed on the Docker daemon's host. */
export interface GroupCgroups {
  readonly host: CgroupHost;
  /**
   * Makes the group's parent cgroup with this limit, or sets the limit of the one that exists
   * (`previous` is the limit in force); answers Docker's `CgroupParent` for the group's containers.
   */
  apply(groupId: string, limits: GroupLimits, previous?: GroupLimits): Promise<string>;
  /**
   * Makes room for a lower cpu limit on a group cgroup (`eci/<id>`, relative to the mount root) whose
   * children's own limits are higher: cgroup v1 refuses a parent quota below a child's.
   */
  lowerChildQuotas(dir: string, nanoCpus: number): Promise<void>;
  /** Removes the group's parent once its containers are gone; one already gone is not an error. */
  remove(groupId: string): Promise<void>;
  /**
   * Removes the parents no container is in, of any group: those of groups whose containers were removed
   * outside the engine, or by an engine that stopped half-way. Called at start.
   */
  removeUnused(): Promise<void>;
}
