import type Database from "better-sqlite3";
import type { ImageAccessStore, ImagePull, PrivateImage } from "./image-access-store";

export class SqliteImageAccessStore implements ImageAccessStore {
  constructor(private readonly db: Database.Database) {}

  get(imageId: string): PrivateImage | undefined {
    const row = this.db.prepare("SELECT image_id, reference, pulled_at FROM private_images WHERE image_id = ?").get(imageId) as
      | { image_id: string; reference: string; pulled_at: string }
      | undefined;
    if (!row) return undefined;
    const accounts = this.db.prepare("SELECT account_id FROM image_access WHERE image_id = ? ORDER BY proven_at, account_id").all(imageId) as { account_id: string }[];
    return { imageId: row.image_id, reference: row.reference, pulledAt: row.pulled_at, accountIds: accounts.map((a) => a.account_id) };
  }

  recordPull(pull: ImagePull, at: string): void {
    this.db.transaction(() => {
      if (pull.withCredential) this.db.prepare("INSERT OR IGNORE INTO private_images (image_id, reference, pulled_at) VALUES (?, ?, ?)").run(pull.imageId, pull.reference, at);
      this.db
        .prepare("INSERT OR IGNORE INTO image_access (image_id, account_id, proven_at) SELECT image_id, ?, ? FROM private_images WHERE image_id = ?")
        .run(pull.accountId, at, pull.imageId);
    })();
  }
}
