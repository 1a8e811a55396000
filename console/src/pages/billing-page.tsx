import { type FormEvent, useState } from "react";
import type { Bill, BillingItem } from "../api/contract";
import { type Column, DataTable } from "../components/data-table";
import { Field } from "../components/field";
import { ErrorNotice } from "../components/notice";
import { PageHeader } from "../components/page-header";
import { duration, money } from "../format";
import { Link } from "../router";
import { usePolled } from "../use-polled";

const KIND_LINKS: Record<string, string> = { "container-group": "/groups/", "image-cache": "/image-caches", disk: "/disks", eip: "/eips", vpc: "/vpcs", "security-group": "/security-groups" };

function sizeOf(item: BillingItem): string {
  const s = item.size;
  if (s.cpu !== undefined) return `${s.cpu} vCPU · ${s.memory} GiB · ${s.hostType}`;
  if (s.sizeGB !== undefined) return `${s.sizeGB} GB${s.diskType ? ` · ${s.diskType}` : ""}`;
  return "—";
}

/** `YYYY-MM-DD` of the first day of this month, in the browser's time zone. */
function monthStart(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), 1).toLocaleDateString("en-CA");
}

/** What the account accrued in a period: per resource and size, priced per hour, with the total (SPEC §6). */
export function BillingPage() {
  const [period, setPeriod] = useState({ from: monthStart(), to: "" });
  const [draft, setDraft] = useState(period);
  const query = new URLSearchParams({ from: new Date(`${period.from}T00:00:00`).toISOString() });
  if (period.to) query.set("to", new Date(`${period.to}T00:00:00`).toISOString());
  const bill = usePolled((client, signal) => client.get<Bill>(`/v1/billing?${query}`, signal), 30_000, [query.toString()]);
  const b = bill.data;

  const columns: Column<BillingItem>[] = [
    {
      header: "Resource",
      className: "key",
      cell: (i) => (
        <>
          {i.kind === "container-group" ? <Link to={`/groups/${i.resourceId}`}>{i.name}</Link> : <Link to={KIND_LINKS[i.kind]}>{i.name}</Link>}
          <div className="muted mono">{i.resourceId}</div>
        </>
      ),
    },
    { header: "Kind", cell: (i) => i.kind },
    { header: "Size", cell: sizeOf },
    { header: "Time", className: "num", cell: (i) => duration(i.seconds) },
    { header: "Price / hour", className: "num", cell: (i) => money(i.unitPrice, b?.currency) },
    { header: "Amount", className: "num", cell: (i) => <strong>{money(i.amount, b?.currency)}</strong> },
  ];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(draft);
  };

  return (
    <>
      <PageHeader title="Billing" intro="Usage accrues per second at hourly prices, from when a resource starts to be billed until it is deleted. Deleted resources stay on the bill." />
      <form className="filters" onSubmit={submit} aria-label="Billing period">
        <Field label="From" path="from">
          {(control) => <input {...control} type="date" required value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
        </Field>
        <Field label="To" path="to" hint="Empty: now.">
          {(control) => <input {...control} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
        </Field>
        <button type="submit" className="button">
          Show
        </button>
      </form>
      <ErrorNotice error={bill.error} />
      {b && (
        <div className="summary-cards">
          <div className="summary-card">
            <span className="muted">Total</span>
            <strong className="summary-value">{money(b.total, b.currency)}</strong>
            <span className="muted">
              {new Date(b.from).toLocaleString()} – {new Date(b.to).toLocaleString()}
            </span>
          </div>
          <div className="summary-card">
            <span className="muted">Resources billed</span>
            <strong className="summary-value">{new Set(b.items.map((i) => i.resourceId)).size}</strong>
          </div>
        </div>
      )}
      <DataTable caption="Billing items" rows={b?.items} columns={columns} rowKey={(i) => `${i.resourceId}-${i.unitPrice}-${JSON.stringify(i.size)}`} empty="Nothing billed in this period." />
    </>
  );
}
