import { readFileSync } from "node:fs";
import { z } from "zod";
import { type BillingKind, type DiskType, DiskTypeSchema, type HostType, HostTypeSchema, type UsageSize, type ValidationIssue, validate } from "@eci/sdk";

const PriceSchema = z.number().nonnegative();
const HostPriceSchema = z.strictObject({ vcpuHour: PriceSchema.optional(), gibHour: PriceSchema.optional() });

/**
 * The operator's price file (`--prices` / `ECI_PRICES_FILE`): every price is per hour, in `currency`.
 * Prices left out keep their defaults, so a file may change only what it names.
 */
export const PriceFileSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
  hostTypes: z.partialRecord(HostTypeSchema, HostPriceSchema).optional(),
  imageCacheGBHour: PriceSchema.optional(),
  diskGBHour: z.partialRecord(DiskTypeSchema, PriceSchema).optional(),
  eipHour: PriceSchema.optional(),
  vpcHour: PriceSchema.optional(),
  securityGroupHour: PriceSchema.optional(),
});

/** Every price, filled in: per vCPU and per GiB for each host type, per GB of image cache and of disk by type, per EIP, VPC and security group. */
export interface Prices {
  currency: string;
  hostTypes: Record<HostType, { vcpuHour: number; gibHour: number }>;
  imageCacheGBHour: number;
  diskGBHour: Record<DiskType, number>;
  eipHour: number;
  vpcHour: number;
  securityGroupHour: number;
}

/**
 * Built-in prices, in US dollars: groups near AWS Fargate's on-demand rates (basic) and higher for the
 * better host types, disks and caches near block and registry storage per GB-month, an EIP like a
 * public IPv4 address. VPCs and security groups are free.
 */
export const DEFAULT_PRICES: Prices = {
  currency: "USD",
  hostTypes: {
    basic: { vcpuHour: 0.04, gibHour: 0.0045 },
    performance: { vcpuHour: 0.05, gibHour: 0.0055 },
    "super-high-performance": { vcpuHour: 0.065, gibHour: 0.007 },
    "enterprise-e1": { vcpuHour: 0.08, gibHour: 0.009 },
    "enterprise-e2": { vcpuHour: 0.1, gibHour: 0.011 },
  },
  imageCacheGBHour: 0.0001,
  diskGBHour: { basic: 0.00007, capacity: 0.00004, performance: 0.00014, "super-high-performance": 0.00028, "enterprise-ssd": 0.0004 },
  eipHour: 0.005,
  vpcHour: 0,
  securityGroupHour: 0,
};

/** The prices of a price file, with the defaults for what it leaves out; throws an Error naming the file, the field, the rule and the value. */
export function loadPrices(file: string): Prices {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`Cannot read the price file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`Invalid price file ${file}: not JSON (${(err as Error).message})`);
  }
  const result = validate(PriceFileSchema, json);
  if (!result.ok) throw new Error(`Invalid price file ${file}: ${result.issues.map(describeIssue).join("; ")}`);
  return withDefaults(result.value);
}

function describeIssue(i: ValidationIssue): string {
  const got = i.value === undefined ? "missing" : `got ${JSON.stringify(i.value)}`;
  return `${i.path || "(top level)"}: ${i.message} (rule ${i.rule}, ${got})`;
}

function withDefaults(file: z.infer<typeof PriceFileSchema>): Prices {
  const d = DEFAULT_PRICES;
  const hostTypes = { ...d.hostTypes };
  for (const [type, p] of Object.entries(file.hostTypes ?? {})) hostTypes[type as HostType] = { ...d.hostTypes[type as HostType], ...p };
  return {
    currency: file.currency,
    hostTypes,
    imageCacheGBHour: file.imageCacheGBHour ?? d.imageCacheGBHour,
    diskGBHour: { ...d.diskGBHour, ...file.diskGBHour },
    eipHour: file.eipHour ?? d.eipHour,
    vpcHour: file.vpcHour ?? d.vpcHour,
    securityGroupHour: file.securityGroupHour ?? d.securityGroupHour,
  };
}

/** What one resource of this kind and size costs per hour. */
export function unitPrice(prices: Prices, kind: BillingKind, size: UsageSize): number {
  switch (kind) {
    case "container-group": {
      const p = prices.hostTypes[size.hostType ?? "basic"];
      return withoutFloatNoise((size.cpu ?? 0) * p.vcpuHour + (size.memory ?? 0) * p.gibHour);
    }
    case "image-cache":
      return withoutFloatNoise((size.sizeGB ?? 0) * prices.imageCacheGBHour);
    case "disk":
      return withoutFloatNoise((size.sizeGB ?? 0) * prices.diskGBHour[size.diskType ?? "basic"]);
    case "eip":
      return prices.eipHour;
    case "vpc":
      return prices.vpcHour;
    case "security-group":
      return prices.securityGroupHour;
  }
}

/** 2 × 0.04 + 4 × 0.0045 is 0.09800000000000001 in floating point; a price shows as 0.098. */
function withoutFloatNoise(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
