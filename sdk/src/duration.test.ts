import { expect } from "chai";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it("reads the durations kubectl and docker take", () => {
    expect(parseDuration("30s")).to.equal(30_000);
    expect(parseDuration("5m")).to.equal(300_000);
    expect(parseDuration("1h30m")).to.equal(5_400_000);
    expect(parseDuration("500ms")).to.equal(500);
    expect(parseDuration("1.5s")).to.equal(1500);
    expect(parseDuration("2d")).to.equal(172_800_000);
  });

  it("refuses what is not a duration, bare numbers included", () => {
    for (const text of ["", "30", "5 m", "m5", "-1s", "1w", "abc"]) expect(parseDuration(text), text).to.equal(undefined);
  });
});
