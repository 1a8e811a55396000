import type { EciClient } from "@eci/sdk";

/** A column of `eci get`: its header and the cell of one resource. `wide` columns show with `-o wide` only. */
export interface Column<T> {
  header: string;
  cell: (resource: T, now: number) => string;
  wide?: boolean;
}

/** What every resource has. */
export interface Named {
  id: string;
  name: string;
}

/** A kind of resource as `eci get`, `describe` and `delete` handle it. */
export interface Kind<T extends Named = Named> {
  /** `groups`: the canonical name, as `eci get` lists kinds. */
  plural: string;
  /** `group`: how a resource is named in output, `group/cg-1a2b3c4d`. */
  singular: string;
  /** Other names taken on the command line, such as `cg` and `container-groups`. */
  aliases: readonly string[];
  /** `cg`: the id's prefix, so an argument that is not an id is taken as a name. */
  idPrefix: string;
  /** Whether `-l k=v` can filter the list (only groups have labels). */
  hasLabels: boolean;
  list(eci: EciClient, labels: Record<string, string>): Promise<{ items: T[]; total: number }>;
  get(eci: EciClient, id: string): Promise<T>;
  /** Starts the deletion; true when it goes on after the answer (`deleting`), false when the resource is gone already. */
  delete(eci: EciClient, id: string): Promise<boolean>;
  columns: readonly Column<T>[];
}

/** A kind of resources of type `T`, typed where it is written and stored among the others. */
export function defineKind<T extends Named>(kind: Kind<T>): Kind {
  return kind as unknown as Kind;
}
