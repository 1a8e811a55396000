import { expect } from "chai";
import { age, humanDuration } from "./duration";

describe("humanDuration", () => {
  it("is precise while short and coarse once long, as kubectl shows ages", () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [0, "0s"],
      [45 * s, "45s"],
      [119 * s, "119s"],
      [200 * s, "3m20s"],
      [300 * s, "5m"],
      [42 * 60 * s, "42m"],
      [(5 * 60 + 10) * 60 * s, "5h10m"],
      [30 * 3600 * s, "30h"],
      [(3 * 24 + 4) * 3600 * s, "3d4h"],
      [12 * 86_400 * s, "12d"],
      [(2 * 365 + 30) * 86_400 * s, "2y30d"],
    ];
    for (const [ms, text] of cases) expect(humanDuration(ms), String(ms)).to.equal(text);
  });

  it("says how long ago a time was, and <unknown> for no time", () => {
    expect(age("2026-03-10T12:00:00.000Z", Date.parse("2026-03-10T12:05:00.000Z"))).to.equal("5m");
    expect(age(null, 0)).to.equal("<unknown>");
  });
});
