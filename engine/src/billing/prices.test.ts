import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../config";
import { DEFAULT_PRICES, loadPrices, unitPrice } from "./prices";

describe("prices", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "eci-prices-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
    return p;
  };

  it("keeps the defaults for every price a file leaves out", () => {
    const prices = loadPrices(file("partial.json", { currency: "EUR", hostTypes: { basic: { vcpuHour: 0.03 } }, diskGBHour: { capacity: 0.00002 }, vpcHour: 0.001 }));
    expect(prices.currency).to.equal("EUR");
    expect(prices.hostTypes.basic).to.deep.equal({ vcpuHour: 0.03, gibHour: DEFAULT_PRICES.hostTypes.basic.gibHour });
    expect(prices.hostTypes["enterprise-e2"]).to.deep.equal(DEFAULT_PRICES.hostTypes["enterprise-e2"]);
    expect(prices.diskGBHour).to.deep.equal({ ...DEFAULT_PRICES.diskGBHour, capacity: 0.00002 });
    expect(prices).to.include({ vpcHour: 0.001, securityGroupHour: 0, eipHour: DEFAULT_PRICES.eipHour, imageCacheGBHour: DEFAULT_PRICES.imageCacheGBHour });
  });

  it("refuses a bad file naming the field, the rule and the value", () => {
    const bad = file("bad.json", { currency: "EUR", hostTypes: { basic: { vcpuHour: -1 } } });
    expect(() => loadPrices(bad)).to.throw(`Invalid price file ${bad}: hostTypes.basic.vcpuHour: Too small: expected number to be >=0 (rule min:0, got -1)`);
    expect(() => loadPrices(file("typo.json", { currency: "EUR", eipHuor: 0.01 }))).to.throw(/\(top level\): Unrecognized key: "eipHuor" \(rule known_fields/);
    expect(() => loadPrices(file("host.json", { currency: "EUR", hostTypes: { tiny: {} } }))).to.throw(/hostTypes: Unrecognized key: "tiny" \(rule known_fields/);
    expect(() => loadPrices(file("nocurrency.json", { eipHour: 0.01 }))).to.throw(/currency: .*\(rule type:string, missing\)/);
    expect(() => loadPrices(file("lower.json", { currency: "eur" }))).to.throw(/currency: must be an ISO 4217 code such as USD \(rule format:.*got "eur"\)/);
    expect(() => loadPrices(file("broken.json", "{ currency"))).to.throw(/not JSON/);
    expect(() => loadPrices(path.join(dir, "missing.json"))).to.throw(/Cannot read the price file .*missing\.json/);
  });

  it("is read from --prices, or ECI_PRICES_FILE, relative to the working directory", () => {
    file("a.json", { currency: "EUR" });
    file("b.json", { currency: "CNY" });
    expect(loadConfig([], {}, dir).prices).to.deep.equal(DEFAULT_PRICES);
    expect(loadConfig([], { ECI_PRICES_FILE: "a.json" }, dir).prices.currency).to.equal("EUR");
    expect(loadConfig(["--prices", "b.json"], { ECI_PRICES_FILE: "a.json" }, dir).prices.currency).to.equal("CNY");
  });

  it("prices a group per vCPU and per GiB of its host type, caches and disks per GB, an EIP per hour", () => {
    expect(unitPrice(DEFAULT_PRICES, "container-group", { cpu: 2, memory: 4, hostType: "basic" })).to.equal(0.098);
    expect(unitPrice(DEFAULT_PRICES, "container-group", { cpu: 2, memory: 4, hostType: "enterprise-e2" })).to.equal(0.244);
    expect(unitPrice(DEFAULT_PRICES, "image-cache", { sizeGB: 20 })).to.equal(0.002);
    expect(unitPrice(DEFAULT_PRICES, "disk", { sizeGB: 20, diskType: "enterprise-ssd" })).to.equal(0.008);
    expect(unitPrice(DEFAULT_PRICES, "eip", {})).to.equal(0.005);
    expect(unitPrice(DEFAULT_PRICES, "security-group", {})).to.equal(0);
  });
});
