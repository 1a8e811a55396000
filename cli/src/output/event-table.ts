import type { Event } from "@eci/sdk";
import { age } from "../duration";
import { colorStatus, type Colors } from "./colors";
import { columnWidths, tableLine } from "./table";
import { NONE } from "./units";

export const EVENT_HEADERS = ["AGE", "TYPE", "REASON", "CONTAINER", "MESSAGE"] as const;

/** An event's cells: how long ago, Normal or Warning, why, which container, what happened. */
export function eventCells(event: Event, now: number, colors: Colors): string[] {
  return [age(event.createdAt, now), colorStatus(colors, event.type), event.reason, event.container ?? NONE, event.message];
}

/**
 * Column widths for an event table: those of the events so far; with `roomToGrow`, at least those of the
 * usual ages, types and reasons too, for a table that later lines keep to (`events -w`).
 */
export function eventWidths(rows: readonly (readonly string[])[], roomToGrow = false): number[] {
  const minimum = roomToGrow ? [5, 7, 16, 9, 0] : [0, 0, 0, 0, 0];
  return columnWidths(EVENT_HEADERS, rows).map((w, i) => Math.max(w, minimum[i]));
}

/** The lines of an event table: the header, then one line per event. */
export function eventTable(events: readonly Event[], now: number, colors: Colors, indent = ""): string {
  const rows = events.map((e) => eventCells(e, now, colors));
  const widths = eventWidths(rows);
  return [EVENT_HEADERS, ...rows].map((cells) => `${indent}${tableLine(cells, widths)}\n`).join("");
}
