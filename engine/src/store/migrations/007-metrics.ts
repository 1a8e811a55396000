// One table for raw samples and every roll-up level: a row is a bucket (a raw sample is a bucket of one),
// so that storing, merging and reading are the same at every level. Rows go with their group: the store
// marks a group deleted, and the trigger deletes its metrics in the same statement.
export const metrics = `
CREATE TABLE metric_buckets (
  group_id TEXT NOT NULL,
  container TEXT NOT NULL,
  level INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  count INTEGER NOT NULL,
  cpu_cores_min REAL NOT NULL, cpu_cores_max REAL NOT NULL, cpu_cores_sum REAL NOT NULL,
  memory_bytes_min REAL NOT NULL, memory_bytes_max REAL NOT NULL, memory_bytes_sum REAL NOT NULL,
  memory_limit_bytes_min REAL NOT NULL, memory_limit_bytes_max REAL NOT NULL, memory_limit_bytes_sum REAL NOT NULL,
  network_rx_bytes_per_second_min REAL NOT NULL, network_rx_bytes_per_second_max REAL NOT NULL, network_rx_bytes_per_second_sum REAL NOT NULL,
  network_tx_bytes_per_second_min REAL NOT NULL, network_tx_bytes_per_second_max REAL NOT NULL, network_tx_bytes_per_second_sum REAL NOT NULL,
  block_read_bytes_per_second_min REAL NOT NULL, block_read_bytes_per_second_max REAL NOT NULL, block_read_bytes_per_second_sum REAL NOT NULL,
  block_write_bytes_per_second_min REAL NOT NULL, block_write_bytes_per_second_max REAL NOT NULL, block_write_bytes_per_second_sum REAL NOT NULL,
  PRIMARY KEY (group_id, container, level, start_ms)
) WITHOUT ROWID;
CREATE INDEX metric_buckets_level ON metric_buckets(level, start_ms);

CREATE TABLE metric_watermarks (
  level INTEGER PRIMARY KEY,
  before_ms INTEGER NOT NULL
);

CREATE TRIGGER metric_buckets_of_deleted_group AFTER UPDATE OF deleted_at ON container_groups
WHEN NEW.deleted_at IS NOT NULL
BEGIN
  DELETE FROM metric_buckets WHERE group_id = NEW.id;
END;
`;
