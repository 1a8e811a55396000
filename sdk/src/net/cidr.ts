/** IPv4 addresses and CIDR blocks as numbers: what the network rules compare. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export interface Cidr {
  /** The first address, as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  /** How many addresses the block holds. */
  size: number;
}

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

export function ipToNumber(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The block `text` names (`10.0.0.0/16`), or undefined when it is not one or has host bits set. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, bits, ...rest] = text.split("/");
  if (rest.length > 0 || !ip || !isIpv4(ip) || !bits || !/^\d{1,2}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = ipToNumber(ip);
  return base % size === 0 ? { base, prefix, size } : undefined;
}

export function cidrContains(block: Cidr, ip: string): boolean {
  const n = ipToNumber(ip);
  return n >= block.base && n < block.base + block.size;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The private ranges of RFC 1918, where VPC address ranges must lie. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c) as Cidr);
