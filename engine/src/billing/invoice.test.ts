import { expect } from "chai";
import type { UsageInterval } from "../store/usage-store";
import { invoice } from "./invoice";
import { DEFAULT_PRICES, type Prices } from "./prices";

const H = 3600;
const PRICES: Prices = { ...DEFAULT_PRICES, hostTypes: { ...DEFAULT_PRICES.hostTypes, basic: { vcpuHour: 0.5, gibHour: 0.25 } }, eipHour: 0.01, imageCacheGBHour: 0.001 };

function interval(resourceId: string, startedAtS: number, endedAtS: number | null, more: Partial<UsageInterval> = {}): UsageInterval {
  return { accountId: "acc-1", resourceId, kind: "container-group", name: resourceId, size: { cpu: 1, memory: 2, hostType: "basic" }, startedAtS, endedAtS, ...more };
}

describe("invoice", () => {
  it("bills 90 minutes of a 1 vCPU / 2 GiB basic group at 1.5 hours of its hourly price", () => {
    const bill = invoice([interval("cg-a", 0, 90 * 60)], PRICES, { fromS: 0, toS: 10 * H, nowS: 10 * H });
    expect(bill.items).to.deep.equal([{ resourceId: "cg-a", kind: "container-group", name: "cg-a", size: { cpu: 1, memory: 2, hostType: "basic" }, seconds: 5400, unitPrice: 1, amount: 1.5 }]);
    expect(bill.total).to.equal(1.5);
  });

  it("clips intervals to the period and lets open ones accrue until now", () => {
    const bill = invoice([interval("cg-a", 0, 4 * H), interval("cg-b", 3 * H, null)], PRICES, { fromS: 2 * H, toS: 10 * H, nowS: 5 * H });
    expect(bill.items.map((i) => [i.resourceId, i.seconds])).to.deep.equal([
      ["cg-a", 2 * H],
      ["cg-b", 2 * H],
    ]);
    expect(bill.total).to.equal(4);
  });

  it("sums the intervals of a resource at one size and keeps another size apart", () => {
    const bigger = { cpu: 2, memory: 4, hostType: "basic" as const };
    const bill = invoice([interval("cg-a", 0, H), interval("cg-a", 2 * H, 3 * H), interval("cg-a", 3 * H, 4 * H, { size: bigger, name: "renamed" })], PRICES, { fromS: 0, toS: 5 * H, nowS: 5 * H });
    expect(bill.items.map((i) => [i.seconds, i.unitPrice, i.amount, i.name])).to.deep.equal([
      [2 * H, 1, 2, "cg-a"],
      [H, 2, 2, "renamed"],
    ]);
    expect(bill.total).to.equal(4);
  });

  it("prices caches by size, disks by type and size, and EIPs by the hour, and leaves free resources out", () => {
    const bill = invoice(
      [
        interval("ic-a", 0, H, { kind: "image-cache", size: { sizeGB: 40 } }),
        interval("vol-a", 0, H, { kind: "disk", size: { sizeGB: 100, diskType: "performance" } }),
        interval("vol-b", 0, H, { kind: "disk", size: { sizeGB: 100, diskType: "capacity" } }),
        interval("eip-a", 0, H, { kind: "eip", size: {} }),
        interval("rtr-a", 0, H, { kind: "vpc", size: {} }),
      ],
      PRICES,
      { fromS: 0, toS: H, nowS: H },
    );
    expect(bill.items.map((i) => [i.resourceId, i.unitPrice])).to.deep.equal([
      ["ic-a", 0.04],
      ["vol-a", 0.014],
      ["vol-b", 0.004],
      ["eip-a", 0.01],
    ]);
  });

  it("accrues per second and rounds amounts to a millionth", () => {
    const bill = invoice([interval("eip-a", 0, 7, { kind: "eip", size: {} })], PRICES, { fromS: 0, toS: H, nowS: H });
    expect(bill.items[0]).to.include({ seconds: 7, amount: 0.000019 });
  });

  it("leaves out what accrued nothing within the period", () => {
    expect(invoice([interval("cg-a", 0, H), interval("cg-b", 5 * H, 5 * H)], PRICES, { fromS: 2 * H, toS: 6 * H, nowS: 6 * H })).to.deep.equal({ total: 0, items: [] });
  });
});
