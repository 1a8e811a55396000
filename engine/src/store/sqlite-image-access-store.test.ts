import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { SqliteStore } from "./sqlite-store";

const AT = "2026-01-01T00:00:00.000Z";

describe("SqliteImageAccessStore", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-image-access-"));
    store = new SqliteStore(path.join(dir, "engine.db"));
    store.createAccount("acc-aaaaaaaa", "a", "hash-a");
    store.createAccount("acc-bbbbbbbb", "b", "hash-b");
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("makes an image private to the account that pulled it with a credential, and keeps it so across a restart", () => {
    store.imageAccess.recordPull({ imageId: "sha256:1", reference: "reg.example.com/team/app:1", accountId: "acc-aaaaaaaa", withCredential: true }, AT);
    store.close();
    store = new SqliteStore(path.join(dir, "engine.db"));
    expect(store.imageAccess.get("sha256:1")).to.deep.equal({ imageId: "sha256:1", reference: "reg.example.com/team/app:1", pulledAt: AT, accountIds: ["acc-aaaaaaaa"] });
  });

  it("keeps no record of an image pulled without a credential", () => {
    store.imageAccess.recordPull({ imageId: "sha256:2", reference: "busybox:1", accountId: "acc-aaaaaaaa", withCredential: false }, AT);
    expect(store.imageAccess.get("sha256:2")).to.equal(undefined);
  });

  it("adds an account that later pulls a private image, with or without a credential, and keeps the first reference", () => {
    store.imageAccess.recordPull({ imageId: "sha256:3", reference: "reg.example.com/team/app:1", accountId: "acc-aaaaaaaa", withCredential: true }, AT);
    store.imageAccess.recordPull({ imageId: "sha256:3", reference: "reg.example.com/team/app:latest", accountId: "acc-bbbbbbbb", withCredential: false }, "2026-01-02T00:00:00.000Z");
    store.imageAccess.recordPull({ imageId: "sha256:3", reference: "reg.example.com/team/app:1", accountId: "acc-aaaaaaaa", withCredential: true }, "2026-01-03T00:00:00.000Z");
    expect(store.imageAccess.get("sha256:3")).to.deep.include({ reference: "reg.example.com/team/app:1", pulledAt: AT, accountIds: ["acc-aaaaaaaa", "acc-bbbbbbbb"] });
  });
});
