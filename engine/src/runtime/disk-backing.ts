/**
 * What holds a disk's data on the host and enforces its size. The disk's Docker volume is created
 * with the options `create` and `restore` answer (Docker's local driver).
 */
export interface DiskBacking {
  /** Makes the disk's storage of `sizeGB`; answers the options of its volume. Throws `DiskBackingError` "unavailable" when this host cannot. */
  create(diskId: string, sizeGB: number): Promise<Record<string, string>>;
  /** Grows the disk's storage; `inUse` while a group holds the disk. Throws `DiskBackingError` "busy" when it cannot grow now. */
  grow(diskId: string, sizeGB: number, inUse: boolean): Promise<void>;
  /** Removes the disk's storage and data; one already gone is not an error. */
  remove(diskId: string): Promise<void>;
  /**
   * Makes a disk's storage usable again after the engine or the host restarted; answers its volume's
   * options, or undefined for a disk that has none (made before disks were backed: a plain volume).
   */
  restore(diskId: string): Promise<Record<string, string> | undefined>;
  /** The disks this host holds storage for, whether or not the store knows them (a create the engine died in). */
  list(): string[];
  /** Lets go of the engine's hold on a disk when it stops; containers using it keep it until they end. */
  release(diskId: string): Promise<void>;
}

/** Why a disk's storage cannot be made or changed: the host cannot back disks, or the disk is in use. */
export class DiskBackingError extends Error {
  override readonly name = "DiskBackingError";

  constructor(
    readonly kind: "unavailable" | "busy",
    message: string,
  ) {
    super(message);
  }
}
