import { expect } from "chai";
import { groupRequest, normalizeRequest } from "./resources";

describe("normalizeRequest", () => {
  it("gives 2 vCPU / 4 GiB to a group that requests nothing", () => {
    expect(normalizeRequest({ cpu: 0, memory: 0 })).to.deep.equal({ cpu: 2, memory: 4 });
  });

  it("rounds up to the first size whose vCPU and memory both fit", () => {
    expect(normalizeRequest({ cpu: 0.25, memory: 0.5 })).to.deep.equal({ cpu: 0.25, memory: 0.5 });
    expect(normalizeRequest({ cpu: 0.3, memory: 0 })).to.deep.equal({ cpu: 0.5, memory: 1 });
    expect(normalizeRequest({ cpu: 1, memory: 3 })).to.deep.equal({ cpu: 1, memory: 4 });
    expect(normalizeRequest({ cpu: 0.25, memory: 64 })).to.deep.equal({ cpu: 8, memory: 64 });
    expect(normalizeRequest({ cpu: 7, memory: 13 })).to.deep.equal({ cpu: 8, memory: 16 });
  });

  it("refuses requests above the largest size", () => {
    expect(normalizeRequest({ cpu: 33, memory: 1 })).to.equal(undefined);
    expect(normalizeRequest({ cpu: 1, memory: 257 })).to.equal(undefined);
  });
});

describe("groupRequest", () => {
  it("takes the larger of the largest init container and the sum of the work containers", () => {
    const request = groupRequest([
      { type: "init", cpu: 2, memory: 0.5 },
      { type: "work", cpu: 0.5, memory: 1 },
      { type: "work", cpu: 0.5, memory: 1 },
    ]);
    expect(request).to.deep.equal({ cpu: 2, memory: 2 });
  });

  it("adds fractions without floating-point residue", () => {
    expect(groupRequest([{ cpu: 0.1 }, { cpu: 0.2 }]).cpu).to.equal(0.3);
  });
});
