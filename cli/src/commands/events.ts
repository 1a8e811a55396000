import type { Command } from "commander";
import type { Event } from "@eci/sdk";
import { orGone } from "../await/await-verdict";
import { poll } from "../await/poll";
import { clientOf } from "../context";
import { resolveGroupId } from "../kinds";
import { untilInterrupted } from "../until-interrupted";
import { stdoutColors } from "../output/colors";
import { EVENT_HEADERS, eventCells, eventWidths } from "../output/event-table";
import { tableLine } from "../output/table";

/** How often `events -w` asks for new events (the engine has no event stream). */
export const WATCH_INTERVAL_MS = 1000;

export function registerEvents(program: Command): void {
  program
    .command("events")
    .summary("list a group's events; -w prints new ones as they happen")
    .description("List a group's events, oldest first: age, type, reason, container and message. With -w, keep printing new events until Ctrl-C.")
    .argument("<id>", "the group's id, group/ID or name")
    .option("-w, --watch", "keep printing new events until interrupted")
    .action(async (arg: string, opts: { watch?: boolean }, command: Command) => {
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci events");
      const first = await eci.containerGroups.events(id);
      if (first.length === 0 && !opts.watch) return void process.stderr.write(`No events for group/${id}.\n`);
      const now = Date.now();
      const widths = eventWidths(first.map((e) => eventCells(e, now, stdoutColors)), opts.watch);
      let printedHeader = false;
      let lastId = 0;
      const print = (events: readonly Event[]) => {
        const fresh = events.filter((e) => e.id > lastId);
        if (fresh.length === 0) return;
        if (!printedHeader) process.stdout.write(`${tableLine(EVENT_HEADERS, widths)}\n`);
        printedHeader = true;
        const at = Date.now();
        process.stdout.write(fresh.map((e) => `${tableLine(eventCells(e, at, stdoutColors), widths)}\n`).join(""));
        lastId = fresh[fresh.length - 1].id;
      };
      print(first);
      if (!opts.watch) return;
      const result = await untilInterrupted((signal) =>
        poll({
          observe: () => orGone(eci.containerGroups.events(id)),
          settle: (events) => (events === null ? "gone" : (print(events), undefined)),
          intervalMs: WATCH_INTERVAL_MS,
          signal,
        }),
      );
      if (result.settled) process.stderr.write(`group/${id} was deleted.\n`);
    });
}
