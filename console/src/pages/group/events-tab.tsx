import type { Event } from "../../api/contract";
import { fetchEvents } from "../../api/groups";
import { type Column, DataTable } from "../../components/data-table";
import { ErrorNotice } from "../../components/notice";
import { StatusBadge } from "../../components/status-badge";
import { dateTime } from "../../format";
import { usePolled } from "../../use-polled";

const columns: Column<Event>[] = [
  { header: "Time", cell: (e) => <time dateTime={e.createdAt}>{dateTime(e.createdAt)}</time> },
  { header: "Type", cell: (e) => <StatusBadge status={e.type} /> },
  { header: "Reason", cell: (e) => <strong>{e.reason}</strong> },
  { header: "Container", cell: (e) => e.container ?? <span className="muted">group</span> },
  { header: "Message", className: "wide", cell: (e) => e.message },
];

/** What the engine did and saw for the group, newest first. */
export function EventsTab({ id }: { id: string }) {
  const events = usePolled((client, signal) => fetchEvents(client, id, signal), 3000, [id]);
  return (
    <>
      <ErrorNotice error={events.error} />
      <DataTable caption="Events" rows={events.data?.items.slice().reverse()} columns={columns} rowKey={(e) => String(e.id)} empty="No events yet." />
    </>
  );
}
