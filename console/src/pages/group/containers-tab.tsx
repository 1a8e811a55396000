import { useState } from "react";
import type { ContainerGroup } from "../../api/contract";
import { type Column, DataTable } from "../../components/data-table";
import { Notice } from "../../components/notice";
import { StatusBadge } from "../../components/status-badge";
import { age } from "../../format";
import { Link } from "../../router";
import { ContainerEditor, type EditOutcome } from "./container-editor";

type Container = ContainerGroup["containers"][number];

/** The group's containers as the engine observes them, with a way to change one online. */
export function ContainersTab({ group, reload }: { group: ContainerGroup; reload: () => void }) {
  const [editing, setEditing] = useState<string>();
  const [outcome, setOutcome] = useState<EditOutcome>();
  const columns: Column<Container>[] = [
    {
      header: "Container",
      className: "key",
      cell: (c) => (
        <>
          <strong>{c.name}</strong> {c.type === "init" && <span className="muted">(init)</span>}
        </>
      ),
    },
    { header: "Image", className: "nowrap", cell: (c) => <span className="mono">{c.image}</span> },
    { header: "State", cell: (c) => <StatusBadge status={c.state} /> },
    {
      header: "Reason",
      cell: (c) =>
        c.reason ? (
          <>
            {c.reason}
            {c.exitCode !== null && ` (exit ${c.exitCode})`}
            {c.message && <div className="muted">{c.message}</div>}
          </>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { header: "Restarts", className: "num", cell: (c) => c.restartCount },
    { header: "Started", cell: (c) => (c.startedAt ? <time dateTime={c.startedAt} title={c.startedAt}>{age(c.startedAt)} ago</time> : <span className="muted">—</span>) },
    { header: "Resources", cell: (c) => [c.cpu !== undefined && `${c.cpu} vCPU`, c.memory !== undefined && `${c.memory} GiB`].filter(Boolean).join(" · ") || <span className="muted">a share of the group</span> },
    {
      header: "Actions",
      cell: (c) => (
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={() => (setOutcome(undefined), setEditing(c.name))} aria-label={`Edit ${c.name}`}>
            Edit
          </button>
          <Link to={`/groups/${group.id}/logs?container=${encodeURIComponent(c.name)}`}>Logs</Link>
          <Link to={`/groups/${group.id}/terminal?container=${encodeURIComponent(c.name)}`}>Terminal</Link>
        </div>
      ),
    },
  ];
  const container = group.containers.find((c) => c.name === editing);
  return (
    <>
      {outcome && <Notice kind={outcome.kind === "saved" ? "success" : "warning"}>{outcome.message}</Notice>}
      <DataTable caption={`Containers of ${group.name}`} rows={group.containers} columns={columns} rowKey={(c) => c.name} empty="No containers." />
      {container && (
        <ContainerEditor
          key={container.name}
          group={group}
          container={container}
          onDone={(done) => {
            setEditing(undefined);
            if (done) {
              setOutcome(done);
              reload();
            }
          }}
        />
      )}
    </>
  );
}
