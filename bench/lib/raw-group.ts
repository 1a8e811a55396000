import type { Api } from "../../test/helpers/test-engine";
import { docker } from "../../test/helpers/test-engine";

/**
 * What a benchmark measures the engine against: the same containers as an engine's group, made with the
 * raw Docker API — a sandbox holding the namespaces (limits as a basic group's, nested under a parent
 * cgroup where the engine nests them), members joining it — created and started, in `ms`.
 */
export async function rawGroup(members: number, image: string): Promise<{ ms: number; ids: string[] }> {
  const [sandbox] = await docker.listImages({ filters: { reference: ["eci/sandbox"] } });
  const info = (await docker.info()) as { CgroupDriver: string; CgroupVersion: string };
  const nest = info.CgroupDriver === "cgroupfs" && info.CgroupVersion === "1";
  const started = performance.now();
  const infra = await docker.createContainer({
    Image: sandbox.Id,
    Labels: { "eci.bench": "raw" },
    HostConfig: { Init: true, IpcMode: "private", NanoCpus: 2e9, Memory: 4 * 1024 ** 3, MemorySwap: 4 * 1024 ** 3, CgroupParent: nest ? "/eci" : undefined, RestartPolicy: { Name: "no" } },
  });
  await infra.start();
  const ids = await Promise.all(
    Array.from({ length: members }, async () => {
      const c = await docker.createContainer({
        Image: image,
        Cmd: ["sleep", "3600"],
        Labels: { "eci.bench": "raw" },
        HostConfig: {
          Init: true,
          NetworkMode: `container:${infra.id}`,
          IpcMode: "private",
          CgroupParent: nest ? `/eci/${infra.id}` : undefined,
          RestartPolicy: { Name: "no" },
          LogConfig: { Type: "json-file", Config: { "max-size": "5120k", "max-file": "2" } },
        },
      });
      await c.start();
      return c.id;
    }),
  );
  return { ms: performance.now() - started, ids: [...ids, infra.id] };
}

/** Removes what `rawGroup` made, the sandbox last. */
export async function removeRaw(ids: string[]): Promise<void> {
  await Promise.all(ids.slice(0, -1).map((id) => docker.getContainer(id).remove({ force: true })));
  await docker.getContainer(ids[ids.length - 1]).remove({ force: true });
}

/** Deletes an engine's group and waits until it is gone. */
export async function removeEngineGroup(api: Api, id: string): Promise<void> {
  await api.request("DELETE", `/v1/container-groups/${id}`);
  while ((await api.request("GET", `/v1/container-groups/${id}`)).status !== 404) await new Promise((r) => setTimeout(r, 20));
}
