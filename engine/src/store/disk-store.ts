import type { DiskSpec } from "@eci/sdk";
import type { SpecRecord, SpecStore } from "./spec-store";

export type DiskRecord = SpecRecord<DiskSpec>;

/** Disks: their specs only. Which group a disk is attached to follows from the groups' specs. */
export type DiskStore = SpecStore<DiskSpec>;
