import type { NetworkState } from "./network-state";

/**
 * What carries EIP traffic and enforces security groups: kernel rules (`IptablesDataPath`), or, where
 * the engine may not change them, a userland proxy inside the engine (`UserlandDataPath`).
 */
export interface DataPath {
  /** Said in the engine's log at start. */
  readonly description: string;
  /**
   * Makes the data path carry `state()`, read when the change is made. The kernel's rules are in place
   * when the call returns, so a change made by an API call applies before the call answers.
   */
  apply(state: () => NetworkState): Promise<void>;
  /**
   * As `apply`, after comparing what is in place with what should be, whatever was applied last: what
   * someone else removed or changed (a flushed chain, say) is put back.
   */
  verify(state: () => NetworkState): Promise<void>;
  /** The engine stops: the userland proxy closes; the kernel's rules stay, so EIPs keep answering. */
  close(): Promise<void>;
}
