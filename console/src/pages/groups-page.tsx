import { type FormEvent, useState } from "react";
import { type ContainerGroup, GroupStatusSchema } from "../api/contract";
import { listGroups } from "../api/groups";
import { type Column, DataTable } from "../components/data-table";
import { Field } from "../components/field";
import { ErrorNotice } from "../components/notice";
import { PageHeader } from "../components/page-header";
import { StatusBadge } from "../components/status-badge";
import { age, money, size } from "../format";
import { Link, navigate, useLocation } from "../router";
import { useCurrency } from "../use-currency";
import { usePolled } from "../use-polled";

const LABEL_FILTER = /^[^=\s]+=[^=]*$/;

/** The group list (SPEC §9): status, health, IP, size, price and age, filtered by status and labels kept in the URL. */
export function GroupsPage() {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const labels = query.getAll("label");
  const currency = useCurrency();
  const groups = usePolled((client, signal) => listGroups(client, { status, labels }, signal), 3000, [status, labels.join("&")]);

  const columns: Column<ContainerGroup>[] = [
    {
      header: "Name",
      className: "key",
      cell: (g) => (
        <>
          <Link to={`/groups/${g.id}`}>{g.name}</Link>
          <div className="muted mono">{g.id}</div>
        </>
      ),
    },
    { header: "Status", cell: (g) => <StatusBadge status={g.status} /> },
    { header: "Health", cell: (g) => <StatusBadge status={g.healthStatus} /> },
    { header: "IP", cell: (g) => <span className="mono">{g.privateIp ?? "—"}</span> },
    { header: "Size", cell: (g) => `${size(g.cpu, g.memory)} · ${g.hostType}` },
    { header: "Price / hour", className: "num", cell: (g) => money(g.hourlyPrice, currency) },
    { header: "Labels", cell: (g) => <LabelList labels={g.labels} /> },
    { header: "Age", cell: (g) => <span title={g.createdAt}>{age(g.createdAt)}</span> },
  ];

  return (
    <>
      <PageHeader
        title="Container groups"
        intro="Groups of containers that share one IP, their volumes and shared memory; created, billed, updated and deleted as one."
        actions={
          <Link to="/groups/new" className="button button-primary">
            Create group
          </Link>
        }
      />
      <GroupFilters key={labels.join(",")} status={status} labels={labels} />
      <ErrorNotice error={groups.error} />
      <DataTable
        caption="Container groups"
        rows={groups.data?.items}
        columns={columns}
        rowKey={(g) => g.id}
        empty={status || labels.length ? "No group matches these filters." : <>No container groups yet. <Link to="/groups/new">Create one</Link>.</>}
      />
    </>
  );
}

function LabelList({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="tags">
      {entries.map(([k, v]) => (
        <li key={k} className="tag">
          {k}={v}
        </li>
      ))}
    </ul>
  );
}

function GroupFilters({ status, labels }: { status: string; labels: string[] }) {
  const [labelText, setLabelText] = useState(labels.join(", "));
  const [error, setError] = useState<string>();
  const apply = (nextStatus: string, text: string) => {
    const wanted = text
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean);
    const bad = wanted.find((l) => !LABEL_FILTER.test(l));
    if (bad) return setError(`"${bad}" must be key=value, such as team=web`);
    setError(undefined);
    const query = new URLSearchParams();
    if (nextStatus) query.set("status", nextStatus);
    for (const l of wanted) query.append("label", l);
    navigate(`/groups${query.size ? `?${query}` : ""}`, { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(status, labelText);
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Filter groups">
      <Field label="Status" path="filter.status">
        {(control) => (
          <select {...control} value={status} onChange={(e) => apply(e.target.value, labelText)}>
            <option value="">All statuses</option>
            {GroupStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Labels" path="filter.label" messages={error ? [error] : []} hint="key=value, several separated by commas: a group must have them all">
        {(control) => <input {...control} type="search" placeholder="team=web" value={labelText} onChange={(e) => setLabelText(e.target.value)} />}
      </Field>
      <button type="submit" className="button">
        Filter
      </button>
    </form>
  );
}
