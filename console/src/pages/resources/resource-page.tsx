import { useState } from "react";
import { type Column, DataTable } from "../../components/data-table";
import { ConfirmButton } from "../../components/confirm-button";
import { ErrorNotice, Notice } from "../../components/notice";
import { PageHeader } from "../../components/page-header";
import { age, money } from "../../format";
import { Link } from "../../router";
import { useSession } from "../../session";
import { useCurrency } from "../../use-currency";
import { usePolled } from "../../use-polled";
import { ResourceForm } from "./resource-form";
import type { Resource, ResourceKind } from "./resource-kinds";

/** Any resource kind: its list, a create form checked by the kind's schema, and Delete. */
export function ResourcePage({ kind }: { kind: ResourceKind }) {
  const { client } = useSession();
  const currency = useCurrency();
  const list = usePolled((c, signal) => c.get<{ items: Resource[] }>(kind.path, signal), kind.pollMs, [kind.path]);
  const [creating, setCreating] = useState(false);
  const [news, setNews] = useState<string>();

  const columns: Column<Resource>[] = [
    {
      header: "Name",
      className: "key",
      cell: (r) => (
        <>
          <strong>{kind.detail ? <Link to={`/${kind.route}/${r.id}`}>{r.name}</Link> : r.name}</strong>
          <div className="muted mono">{r.id}</div>
        </>
      ),
    },
    ...kind.columns,
    ...(kind.billed ? [{ header: "Price / hour", className: "num", cell: (r: Resource) => money(r.hourlyPrice, currency) }] : []),
    { header: "Age", cell: (r) => <span title={r.createdAt}>{age(r.createdAt)}</span> },
    {
      header: "Actions",
      cell: (r) => (
        <div className="row-actions">
          {kind.rowActions?.(r, (said) => (setNews(said), list.reload()))}
          {kind.canDelete && !kind.canDelete(r) ? (
            <span className="muted">in use</span>
          ) : (
            <ConfirmButton
              label="Delete"
              className="button button-small button-danger"
              danger
              title={`Delete ${kind.singular} ${r.name}?`}
              confirmLabel="Delete"
              action={async () => {
                await client.json("DELETE", `${kind.path}/${encodeURIComponent(r.id)}`, undefined, { ifMatch: r.version });
                setNews(`Deleted ${kind.singular} ${r.name} (${r.id}).`);
                list.reload();
              }}
            >
              {r.name} ({r.id}) is deleted for good.{kind.deleteNote && ` ${kind.deleteNote}`}
            </ConfirmButton>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={kind.title}
        intro={kind.intro}
        actions={
          !creating && (
            <button type="button" className="button button-primary" onClick={() => (setNews(undefined), setCreating(true))}>
              Create {kind.singular}
            </button>
          )
        }
      />
      {news && <Notice kind="success">{news}</Notice>}
      {creating && (
        <ResourceForm
          title={`Create ${kind.singular}`}
          path={kind.path}
          schema={kind.schema}
          fields={kind.fields}
          submitLabel={`Create ${kind.singular}`}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setNews(`Created ${kind.singular} ${created.name} (${created.id}).`);
            list.reload();
          }}
        />
      )}
      <ErrorNotice error={list.error} />
      <DataTable caption={kind.title} rows={list.data?.items} columns={columns} rowKey={(r) => r.id} empty={`No ${kind.title.toLowerCase()} yet.`} />
    </>
  );
}
