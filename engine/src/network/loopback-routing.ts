import { readFileSync, writeFileSync } from "node:fs";
import { cidrContains, parseCidr } from "@eci/sdk";

const routeLocalnet = (iface: string) => `/proc/sys/net/ipv4/conf/${iface}/route_localnet`;

/**
 * `route_localnet` on the interfaces EIP traffic is forwarded to: a connection from the host to an EIP
 * keeps its 127.0.0.0/8 source until it is masqueraded, and Linux drops such packets on any interface
 * but `lo` unless the interface allows it (Docker does the same with `userland-proxy: false`). The
 * engine turns it on where it was off, and back off there when no forwarding needs it any more; the
 * egress chain drops what arrives from a bridge for 127.0.0.0/8, as kube-proxy does, so the host's
 * loopback services stay out of the containers' reach.
 */
export class LoopbackRouting {
  /** Interfaces the engine turned it on for. */
  private readonly owned = new Set<string>();

  /**
   * @param adopt whether interfaces found already on were turned on by this engine before it restarted
   *   (its rules were still in the kernel).
   */
  constructor(private adopt: boolean) {}

  /** Turns it on towards each target (the interface routing it), and off where the engine no longer needs it. */
  allow(targets: readonly string[]): void {
    const routes = targets.length > 0 ? readFileSync("/proc/net/route", "utf8") : "";
    const wanted = new Set(targets.flatMap((t) => interfaceTowards(t, routes) ?? []));
    // Read every time: Docker may have re-created a bridge (a daemon restart), with the setting off again.
    for (const iface of wanted) {
      const on = readFileSync(routeLocalnet(iface), "utf8").trim() === "1";
      if (!on) writeFileSync(routeLocalnet(iface), "1");
      if (!on || this.adopt) this.owned.add(iface);
    }
    this.adopt = false;
    for (const iface of this.owned) {
      if (wanted.has(iface)) continue;
      this.owned.delete(iface);
      // The interface may be gone with its VPC.
      try {
        writeFileSync(routeLocalnet(iface), "0");
      } catch {}
    }
  }
}

/** The interface of the most specific route (of /proc/net/route, the main table) that holds an address. */
export function interfaceTowards(address: string, routes: string): string | undefined {
  let best: { iface: string; prefix: number } | undefined;
  for (const line of routes.split("\n").slice(1)) {
    const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (!mask) continue;
    const prefix = bitCount(hexToIp(mask));
    const block = parseCidr(`${hexToIp(destination)}/${prefix}`);
    if (block && prefix > 0 && cidrContains(block, address) && (!best || prefix > best.prefix)) best = { iface, prefix };
  }
  return best?.iface;
}

/** /proc/net/route writes addresses as hexadecimal in the host's (little-endian) byte order. */
function hexToIp(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(".");
}

function bitCount(ip: string): number {
  return ip.split(".").reduce((n, octet) => n + Number(octet).toString(2).replace(/0/g, "").length, 0);
}
