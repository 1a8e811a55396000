import { expect } from "chai";
import type { AccessKey } from "@eci/sdk";
import { sessionKeyOf } from "../../console/src/api/access-keys";

const key = (id: string): AccessKey => ({ id, name: "", createdAt: "2026-01-01T00:00:00Z", lastUsedAt: null });

describe("the console's guess of the key its session uses", () => {
  it("is the account's only key: the list was read with the session's key", () => {
    expect(sessionKeyOf([key("ak-aaaaaaaa")], undefined)).to.equal("ak-aaaaaaaa");
  });

  it("is the key the session switched to, among several", () => {
    expect(sessionKeyOf([key("ak-aaaaaaaa"), key("ak-bbbbbbbb")], "ak-bbbbbbbb")).to.equal("ak-bbbbbbbb");
  });

  it("is unknown among several keys when the session's key was typed at login", () => {
    expect(sessionKeyOf([key("ak-aaaaaaaa"), key("ak-bbbbbbbb")], undefined)).to.equal(undefined);
  });

  it("is not a remembered key that the list no longer has", () => {
    expect(sessionKeyOf([key("ak-aaaaaaaa"), key("ak-bbbbbbbb")], "ak-cccccccc")).to.equal(undefined);
  });
});
