import { expect } from "chai";
import { type PooledGroup, planPool } from "./pool-plan";

const ready = (id: string): PooledGroup => ({ id, ready: true, ended: false, stale: false });
const starting = (id: string): PooledGroup => ({ id, ready: false, ended: false, stale: false });
const ended = (id: string): PooledGroup => ({ id, ready: false, ended: true, stale: false });
const stale = (id: string): PooledGroup => ({ id, ready: true, ended: false, stale: true });

describe("planPool", () => {
  const cases: Array<{ name: string; capacity: number; pooled: PooledGroup[]; create: number; remove: string[] }> = [
    { name: "an empty pool is filled to its capacity", capacity: 3, pooled: [], create: 3, remove: [] },
    { name: "a full pool is left alone, starting groups included", capacity: 2, pooled: [ready("a"), starting("b")], create: 0, remove: [] },
    { name: "a claimed group is replaced", capacity: 2, pooled: [ready("a")], create: 1, remove: [] },
    { name: "an ended group is removed and replaced", capacity: 2, pooled: [ready("a"), ended("b")], create: 1, remove: ["b"] },
    { name: "a shrunk pool removes starting groups before ready ones", capacity: 1, pooled: [starting("a"), ready("b"), starting("c")], create: 0, remove: ["a", "c"] },
    { name: "a changed profile drains the pool and refills it", capacity: 2, pooled: [stale("a"), stale("b")], create: 2, remove: ["a", "b"] },
    { name: "a deleted pool (capacity 0) removes every group", capacity: 0, pooled: [ready("a"), starting("b")], create: 0, remove: ["a", "b"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planPool(c.capacity, c.pooled);
      expect(plan.create).to.equal(c.create);
      expect(plan.remove.map((r) => r.id).sort()).to.deep.equal(c.remove);
    });
  }
});
