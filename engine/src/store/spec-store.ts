/** A resource kept as its accepted spec alone, with its account, version and times. */
export interface SpecRecord<Spec> {
  id: string;
  accountId: string;
  spec: Spec;
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Resources that are their spec (disks, standby pools). Writes given an `expectedVersion` compare and
 * write at once, and return whether they wrote (see `Store`).
 */
export interface SpecStore<Spec> {
  insert(record: SpecRecord<Spec>): void;
  /** One that is not deleted, of any account. */
  get(id: string): SpecRecord<Spec> | undefined;
  /** The account's, or every account's. */
  list(accountId?: string): SpecRecord<Spec>[];
  replaceSpec(id: string, spec: Spec, at: string, expectedVersion?: number): boolean;
  markDeleted(id: string, at: string, expectedVersion?: number): boolean;
}
