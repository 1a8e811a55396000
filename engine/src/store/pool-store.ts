import type { StandbyPoolSpec } from "@eci/sdk";
import type { SpecRecord, SpecStore } from "./spec-store";

/** A standby pool (SPEC §8): its accepted spec, the profile's `secureEnv` values sealed as a group's are. */
export type PoolRecord = SpecRecord<StandbyPoolSpec>;

export type PoolStore = SpecStore<StandbyPoolSpec>;
