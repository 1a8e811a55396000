import { expect } from "chai";
import type { ContainerGroup, MetricPoint, Metrics } from "@eci/sdk";
import { topRows } from "./top-rows";

const point = (cpuCores: number, memoryBytes: number): MetricPoint => {
  const values = { cpuCores, memoryBytes, memoryLimitBytes: 4 * 1024 ** 3, networkRxBytesPerSecond: 0, networkTxBytesPerSecond: 0, blockReadBytesPerSecond: 0, blockWriteBytesPerSecond: 0 };
  return { time: "2026-11-29T12:00:00Z", samples: 6, min: values, avg: values, max: values };
};
const series = (container: string | null, points: MetricPoint[]): Metrics => ({
  groupId: "cg-1",
  container,
  range: "6h",
  from: "2026-11-29T11:00:00Z",
  to: "2026-11-29T12:01:00Z",
  stepSeconds: 60,
  points,
});
const container = (name: string, state: string) => ({ name, state }) as ContainerGroup["containers"][number];

describe("topRows", () => {
  it("shows each container's latest minute, then the group's", () => {
    const rows = topRows([container("app", "running")], [series("app", [point(0.5, 1024), point(0.25, 2048)])], series(null, [point(0.25, 4096)]));
    expect(rows).to.deep.equal([
      ["app", "250m", "2Ki", "4Gi"],
      ["(group)", "250m", "4Ki", "4Gi"],
    ]);
  });

  it("keeps a running container not sampled yet (re-created since the last sample), with -, and leaves out a finished one without samples", () => {
    const rows = topRows(
      [container("setup", "terminated"), container("app", "running")],
      [series("setup", []), series("app", [])],
      series(null, [point(0.1, 1024)]),
    );
    expect(rows?.map((r) => r.join(" "))).to.deep.equal(["app - - -", "(group) 100m 1Ki 4Gi"]);
  });

  it("has nothing to show before the group's first sample", () => {
    expect(topRows([container("app", "running")], [series("app", [])], series(null, []))).to.equal(undefined);
  });
});
