import { expect } from "chai";
import { hashPassword, matchesHash } from "./password-hash";

describe("password hashes", () => {
  it("match the password they were made from and no other", () => {
    const hash = hashPassword("s3cret");
    expect(hash).to.match(/^scrypt:[\w-]+:[\w-]+$/);
    expect(hash).to.not.contain("s3cret");
    expect(matchesHash("s3cret", hash)).to.equal(true);
    expect(matchesHash("s3cret!", hash)).to.equal(false);
  });

  it("are salted, so equal passwords give different hashes", () => {
    expect(hashPassword("same")).to.not.equal(hashPassword("same"));
  });

  it("never match something that is not a hash", () => {
    for (const hash of [undefined, "", "stale", "scrypt::", "md5:a:b"]) expect(matchesHash("s3cret", hash)).to.equal(false);
  });
});
