import { type ExecFileSyncOptionsWithStringEncoding, execFileSync } from "node:child_process";
import type { Logger } from "../logger";
import type { DataPath } from "./data-path";
import { LoopbackRouting } from "./loopback-routing";
import type { NetworkState } from "./network-state";
import { chainPrefix, planIptables } from "./iptables-plan";
import { parseSaved, restoreScript } from "./iptables-script";

const EXEC: ExecFileSyncOptionsWithStringEncoding = { encoding: "utf8", timeout: 10_000, stdio: "pipe" };
/** Keeps what the script does not name; waits for the legacy backend's lock rather than failing. */
const RESTORE = ["--noflush", "-w", "5"];

/**
 * EIP forwarding and security groups as kernel rules (iptables, either backend), in chains the engine
 * owns (`ECI-<engine>-…`), rebuilt from the store on every change in one `iptables-restore` transaction.
 * The rules outlive the engine process, so EIPs answer while it is stopped or restarting; they go when
 * nothing needs them (the last VPC, forwarding and egress rule removed) or with `removeIptablesRules`.
 * Changes are made synchronously: they are rare (a resource or a group's address changed), take a few
 * milliseconds, and so can never be applied out of order.
 */
export class IptablesDataPath implements DataPath {
  readonly description = "kernel rules (iptables)";
  private readonly prefix: string;
  private readonly routing: LoopbackRouting;
  /** The plan in the kernel, as last applied; a refresh that plans the same rules does nothing. */
  private applied: string | undefined;

  constructor(
    engineId: string,
    private readonly logger: Logger,
  ) {
    this.prefix = chainPrefix(engineId);
    const saved = parseSaved(iptables("iptables-save"), this.prefix);
    this.routing = new LoopbackRouting(saved.filter.chains.size > 0);
  }

  async apply(state: () => NetworkState): Promise<void> {
    return this.sync(state, false);
  }

  async verify(state: () => NetworkState): Promise<void> {
    return this.sync(state, true);
  }

  private async sync(state: () => NetworkState, verify: boolean): Promise<void> {
    try {
      const plan = planIptables(state(), this.prefix);
      const key = JSON.stringify({ chains: [...plan.chains.nat, ...plan.chains.filter], jumps: plan.jumps });
      // An engine that carries nothing has nothing to put back: an idle engine without networks runs no iptables.
      if (key !== this.applied || (verify && plan.jumps.length > 0)) {
        const script = restoreScript(plan, parseSaved(iptables("iptables-save"), this.prefix));
        if (script) {
          iptables("iptables-restore", RESTORE, script);
          const chains = plan.chains.nat.size + plan.chains.filter.size;
          if (verify && key === this.applied) this.logger.warn({ chains }, "Restored network rules that were changed outside the engine");
          else this.logger.info({ chains }, "Applied network rules");
        }
        this.applied = key;
      }
      this.routing.allow(plan.loopbackTargets);
    } catch (err) {
      this.applied = undefined;
      this.logger.warn({ err: describe(err) }, "Failed to apply network rules");
    }
  }

  async close(): Promise<void> {}
}

/** Removes one engine's chains and jumps, whether or not it runs: for clean-ups after the engine is gone. */
export function removeIptablesRules(engineId: string): void {
  const prefix = chainPrefix(engineId);
  const script = restoreScript({ chains: { nat: new Map(), filter: new Map() }, jumps: [], loopbackTargets: [] }, parseSaved(iptables("iptables-save"), prefix));
  if (script) iptables("iptables-restore", RESTORE, script);
}

/** Why the engine cannot use kernel rules here (not root, no iptables, no Docker chains), or undefined when it can. */
export function iptablesUnavailable(): string | undefined {
  try {
    const saved = iptables("iptables-save", ["-t", "filter"]);
    return saved.includes(":DOCKER-USER") ? undefined : "Docker's DOCKER-USER chain is missing (does dockerd run with --iptables=false?)";
  } catch (err) {
    return describe(err);
  }
}

function iptables(command: string, args: string[] = [], input?: string): string {
  return execFileSync(command, args, { ...EXEC, input });
}

function describe(err: unknown): string {
  const e = err as Error & { stderr?: string };
  return e.stderr?.trim() || e.message;
}
