import { expect } from "chai";
import type { ImagePullPolicy } from "@eci/sdk";
import { type ImageUse, decideImageUse } from "./image-use";

// policy, present, private, accessProven, credential → use
const TABLE: Array<[ImagePullPolicy, boolean, boolean, boolean, boolean, ImageUse]> = [
  // Public images behave as the pull policy says.
  ["Always", true, false, false, false, "pull"],
  ["IfNotPresent", true, false, false, false, "use"],
  ["IfNotPresent", false, false, false, false, "pull"],
  ["Never", true, false, false, false, "use"],
  ["Never", false, false, false, false, "not-present"],
  // A private image is used by the accounts that have proven access to it.
  ["IfNotPresent", true, true, true, false, "use"],
  ["Never", true, true, true, false, "use"],
  // Other accounts prove access with their own credential, even under Never, or are refused.
  ["IfNotPresent", true, true, false, true, "prove"],
  ["Never", true, true, false, true, "prove"],
  ["IfNotPresent", true, true, false, false, "refuse"],
  ["Never", true, true, false, false, "refuse"],
  // Always asks the registry anyway: the pull is the proof, with or without a credential.
  ["Always", true, true, false, false, "pull"],
  ["Always", true, true, false, true, "pull"],
];

describe("decideImageUse", () => {
  for (const [policy, present, isPrivate, accessProven, credential, expected] of TABLE) {
    const facts = { policy, present, private: isPrivate, accessProven, credential };
    it(`answers ${expected} for ${JSON.stringify(facts)}`, () => {
      expect(decideImageUse(facts)).to.equal(expected);
    });
  }
});
