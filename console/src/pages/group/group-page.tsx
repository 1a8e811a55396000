import { lazy, type ReactNode, Suspense } from "react";
import { ApiError } from "../../api/api-error";
import type { ContainerGroup } from "../../api/contract";
import { deleteGroup, fetchGroup, restartGroup } from "../../api/groups";
import { ConfirmButton } from "../../components/confirm-button";
import { Facts } from "../../components/facts";
import { ErrorNotice, Notice } from "../../components/notice";
import { PageHeader } from "../../components/page-header";
import { StatusBadge } from "../../components/status-badge";
import { dateTime, money, size } from "../../format";
import { Link, navigate } from "../../router";
import { useSession } from "../../session";
import { useCurrency } from "../../use-currency";
import { type Polled, usePolled } from "../../use-polled";
import { ContainersTab } from "./containers-tab";
import { EventsTab } from "./events-tab";
import { LogsTab } from "./logs-tab";

// The terminal and the charts bring xterm.js and uPlot: loaded when their tab is opened.
const TerminalTab = lazy(() => import("./terminal-tab"));
const MonitoringTab = lazy(() => import("./monitoring-tab"));

const TABS = [
  { id: "containers", label: "Containers" },
  { id: "events", label: "Events" },
  { id: "logs", label: "Logs" },
  { id: "terminal", label: "Terminal" },
  { id: "monitoring", label: "Monitoring" },
] as const;

const SETTLING = new Set(["pending", "updating", "restarting", "deleting"]);

/** One group: its facts, Restart and Delete, and tabs for containers, events, logs, a terminal and monitoring. */
export function GroupPage({ id, tab }: { id: string; tab: string }) {
  const { client } = useSession();
  const currency = useCurrency();
  const polled = usePolled((c, signal) => fetchGroup(c, id, signal), 2000, [id]);
  const group = polled.data;

  if (polled.error instanceof ApiError && polled.error.code === "not_found") {
    return (
      <>
        <PageHeader title={id} />
        <Notice kind="info">
          Container group {id} does not exist: it was deleted, or it belongs to another account. <Link to="/groups">Back to the list</Link>.
        </Notice>
      </>
    );
  }
  if (!group) {
    return (
      <>
        <PageHeader title={id} />
        {polled.error ? <ErrorNotice error={polled.error} /> : <p className="muted">Loading…</p>}
      </>
    );
  }

  const actions = (
    <>
      <ConfirmButton label="Restart" title={`Restart ${group.name}?`} confirmLabel="Restart" action={() => restartGroup(client, id).then(polled.reload)}>
        Every container of the group is stopped and started again; the IP, volumes and shared memory stay.
      </ConfirmButton>
      <ConfirmButton
        label="Delete"
        danger
        title={`Delete ${group.name}?`}
        confirmLabel="Delete"
        action={async () => {
          await deleteGroup(client, id, group.version);
          navigate("/groups");
        }}
      >
        The containers are stopped and removed, and billing stops. Disks keep their data. This cannot be undone.
      </ConfirmButton>
    </>
  );

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/groups">Container groups</Link> / <span className="mono">{group.id}</span>
      </p>
      <PageHeader title={group.name} actions={actions}>
        <p className="badges">
          <StatusBadge status={group.status} /> <StatusBadge status={group.healthStatus} />
          {SETTLING.has(group.status) && <span className="muted"> settling…</span>}
        </p>
      </PageHeader>
      {polled.error && <ErrorNotice error={polled.error} />}
      {group.statusReason && <Notice kind={group.status === "failed" ? "error" : "warning"}>{group.statusReason}</Notice>}
      <GroupFacts group={group} currency={currency} />
      <nav className="tabs" aria-label="Group">
        {TABS.map((t) => (
          <Link key={t.id} to={t.id === "containers" ? `/groups/${id}` : `/groups/${id}/${t.id}`} aria-current={tab === t.id ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <section className="tab-panel" aria-label={TABS.find((t) => t.id === tab)?.label ?? "Containers"}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Tab tab={tab} group={group} polled={polled} />
        </Suspense>
      </section>
    </>
  );
}

function Tab({ tab, group, polled }: { tab: string; group: ContainerGroup; polled: Polled<ContainerGroup> }) {
  switch (tab) {
    case "events":
      return <EventsTab id={group.id} />;
    case "logs":
      return <LogsTab group={group} />;
    case "terminal":
      return <TerminalTab group={group} />;
    case "monitoring":
      return <MonitoringTab group={group} />;
    default:
      return <ContainersTab group={group} reload={polled.reload} />;
  }
}

function GroupFacts({ group, currency }: { group: ContainerGroup; currency: string | undefined }) {
  const network = group.network?.mode === "vpc" ? `VPC, ${group.network.vxnetId}` : group.network?.eipId ? `Basic, EIP ${group.network.eipId}` : "Basic";
  const facts: Array<[string, ReactNode]> = [
    ["ID", <span className="mono">{group.id}</span>],
    ["Private IP", <span className="mono">{group.privateIp ?? "—"}</span>],
    ["Size", `${size(group.cpu, group.memory)} · ${group.hostType}`],
    ["Price", `${money(group.hourlyPrice, currency)} per hour`],
    ["Restart policy", group.restartPolicy],
    ["Network", network],
    ["Ports", group.ports.length ? group.ports.map((p) => `${p.port}/${p.protocol} → ${p.hostIp}:${p.hostPort}`).join(", ") : "—"],
    ["Labels", Object.entries(group.labels).map(([k, v]) => `${k}=${v}`).join(", ") || "—"],
    ["Created", dateTime(group.createdAt)],
  ];
  return <Facts facts={facts} />;
}
