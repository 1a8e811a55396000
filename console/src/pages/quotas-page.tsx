import type { QuotaName, QuotaReport } from "../api/contract";
import { ErrorNotice } from "../components/notice";
import { PageHeader } from "../components/page-header";
import { usePolled } from "../use-polled";

const QUOTAS: Record<QuotaName, { title: string; text: string }> = {
  standardGroups: { title: "Standard container groups", text: "Groups of host types basic and performance." },
  premiumGroups: { title: "Premium container groups", text: "Groups of host types super-high-performance, enterprise-e1 and enterprise-e2." },
  imageCaches: { title: "Image caches", text: "Every cache that exists, whatever its status." },
};

/** The account's quotas (SPEC §5): each limit and what the account uses of it. The operator changes limits. */
export function QuotasPage() {
  const quotas = usePolled((client, signal) => client.get<QuotaReport>("/v1/quotas", signal), 10_000, []);
  return (
    <>
      <PageHeader title="Quotas" intro="What this account may have at once. Beyond a quota, a create is refused; the engine's operator sets the limits (eci-engine accounts set-quota)." />
      <ErrorNotice error={quotas.error} />
      <div className="quota-list">
        {quotas.data &&
          (Object.keys(QUOTAS) as QuotaName[]).map((name) => {
            const q = quotas.data![name];
            return (
              <section className="card quota" key={name} aria-labelledby={`quota-${name}`}>
                <h2 id={`quota-${name}`}>{QUOTAS[name].title}</h2>
                <p className="muted">{QUOTAS[name].text}</p>
                <meter min={0} max={Math.max(q.limit, 1)} value={q.used} high={q.limit * 0.8} optimum={0} aria-labelledby={`quota-${name}`} />
                <p>
                  <strong>{q.used}</strong> of {q.limit} used
                </p>
              </section>
            );
          })}
      </div>
    </>
  );
}
