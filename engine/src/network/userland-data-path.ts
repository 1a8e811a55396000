import type { Logger } from "../logger";
import type { DataPath } from "./data-path";
import { allows } from "./firewall";
import type { NetworkState } from "./network-state";
import { type ForwardRule, PortForwarder } from "./port-forwarder";

/**
 * The fallback where the engine may not change the kernel's rules (not root, no iptables): a TCP or
 * UDP listener per EIP port inside the engine, asking the security groups for every new connection or
 * datagram. It does not enforce egress rules nor keep a VPC without an EIP inside its range, and EIPs
 * answer only while the engine runs.
 */
export class UserlandDataPath implements DataPath {
  readonly description = "userland forwarder (egress rules and VPCs without an EIP are not enforced)";
  private readonly forwarder: PortForwarder;
  private applying: Promise<void> = Promise.resolve();
  /** An apply that has not started yet: later calls join it, since it reads the state when it starts. */
  private queued: Promise<void> | undefined;

  constructor(logger: Logger) {
    this.forwarder = new PortForwarder(logger);
  }

  /** Calls never overlap, and calls made while one waits to start share it: a resync of many groups needs one or two. */
  apply(state: () => NetworkState): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.applying.then(() => {
      this.queued = undefined;
      return this.forwarder.apply(forwardRules(state()));
    });
    this.queued = next;
    this.applying = next;
    return next;
  }

  /** The listeners are the engine's own: nobody else changes them. */
  verify(state: () => NetworkState): Promise<void> {
    return this.apply(state);
  }

  async close(): Promise<void> {
    await this.applying;
    await this.forwarder.close();
  }
}

function forwardRules(state: NetworkState): ForwardRule[] {
  return state.mappings.map((m) => ({
    protocol: m.protocol,
    listen: m.eip,
    target: m.target,
    admit: (source) => m.checks.every((check) => allows(check.rules, { protocol: m.protocol, port: check.port, source })),
  }));
}
