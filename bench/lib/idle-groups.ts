import { TEST_IMAGES } from "../../scripts/build-test-images";
import type { Api } from "../../test/helpers/test-engine";
import { waitFor } from "../../test/helpers/wait-for";

/** Creates `count` groups of one container that sleeps (0.25 vCPU, 0.5 GiB), ten requests at a time; returns their ids. */
export async function createIdleGroups(api: Api, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const created = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        api.createGroup({ name: `idle-${i + j}`, containers: [{ name: "idle", image: TEST_IMAGES.busybox, command: ["sleep", "86400"], cpu: 0.25, memory: 0.5 }] }),
      ),
    );
    ids.push(...created.map((g) => g.id));
  }
  return ids;
}

/** Waits until the account has `count` groups, every one running (and, with `healthy`, healthy). */
export async function untilAllRunning(api: Api, count: number, options: { healthy: boolean; timeoutMs: number }): Promise<void> {
  await waitFor(
    `${count} groups running${options.healthy ? " and healthy" : ""}`,
    async () => {
      const { items } = (await api.request("GET", "/v1/container-groups")).body as { items: Array<{ status: string; healthStatus: string }> };
      return items.length === count && items.every((g) => g.status === "running" && (!options.healthy || g.healthStatus === "healthy")) ? true : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 500 },
  );
}
