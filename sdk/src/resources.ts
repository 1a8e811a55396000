/**
 * Group sizes (SPEC §2 "Resources and normalization"). A group's request is rounded up to the first
 * entry of this table, by vCPU then memory, whose values are both at least the request.
 */
export const SIZE_TABLE: ReadonlyArray<{ cpu: number; memory: readonly number[] }> = [
  { cpu: 0.25, memory: [0.5, 1] },
  { cpu: 0.5, memory: [1, 2] },
  { cpu: 1, memory: [2, 4, 8] },
  { cpu: 2, memory: [1, 2, 4, 8, 16] },
  { cpu: 4, memory: [2, 4, 8, 16, 32] },
  { cpu: 8, memory: [4, 8, 16, 32, 64] },
  { cpu: 16, memory: [16, 32, 64, 128] },
  { cpu: 32, memory: [32, 64, 128, 256] },
];

/** The size of a group that requests nothing. */
export const DEFAULT_SIZE = { cpu: 2, memory: 4 } as const;

export interface ResourceRequest {
  /** vCPU; 0 when no container asks for any. */
  cpu: number;
  /** GiB; 0 when no container asks for any. */
  memory: number;
}

export interface ContainerRequest {
  type?: "init" | "work";
  cpu?: number;
  memory?: number;
}

/** A group's request: per resource, the larger of the largest init container and the sum of the work containers. */
export function groupRequest(containers: readonly ContainerRequest[]): ResourceRequest {
  const init = containers.filter((c) => c.type === "init");
  const work = containers.filter((c) => c.type !== "init");
  const pick = (key: "cpu" | "memory") =>
    Math.max(Math.max(0, ...init.map((c) => c[key] ?? 0)), round(work.reduce((sum, c) => sum + (c[key] ?? 0), 0)));
  return { cpu: pick("cpu"), memory: pick("memory") };
}

/** The normalized size for a request, or undefined when it is above the largest entry of the table. */
export function normalizeRequest(request: ResourceRequest): { cpu: number; memory: number } | undefined {
  if (request.cpu === 0 && request.memory === 0) return { ...DEFAULT_SIZE };
  for (const row of SIZE_TABLE) {
    if (row.cpu < request.cpu) continue;
    const memory = row.memory.find((m) => m >= request.memory);
    if (memory !== undefined) return { cpu: row.cpu, memory };
  }
  return undefined;
}

// Sums of fractions such as 0.1 + 0.2 must not come out as 0.30000000000000004 and miss a table entry.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
