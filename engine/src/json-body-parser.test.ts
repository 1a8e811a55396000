import { expect } from "chai";
import fc from "fast-check";
import { jsonDepthExceeds } from "./json-body-parser";

/** How deep objects and arrays nest in a parsed value, by recursion: the reference the scanner must agree with. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe("jsonDepthExceeds", () => {
  it("allows 64 levels and refuses 65", () => {
    expect(jsonDepthExceeds(`${"[".repeat(64)}${"]".repeat(64)}`, 64)).to.equal(false);
    expect(jsonDepthExceeds(`${'{"a":'.repeat(65)}1${"}".repeat(65)}`, 64)).to.equal(true);
  });

  it("ignores brackets and escaped quotes inside strings", () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: `\\"${"[{".repeat(100)}` }), 2)).to.equal(false);
  });

  it("refuses 10,000 levels without overflowing the stack", () => {
    expect(jsonDepthExceeds("[".repeat(10_000), 64)).to.equal(true);
  });

  it("agrees with the depth of any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(jsonDepthExceeds(JSON.stringify(value), max)).to.equal(depthOf(value) > max);
      }),
      { numRuns: 300 },
    );
  });
});
