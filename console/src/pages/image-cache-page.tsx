import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/api-error";
import { type CachedImage, type ImageCache, ImageCacheSpecSchema, type ValidationIssue, validate } from "../api/contract";
import { messagesAt } from "../api/issues";
import { ConfirmButton } from "../components/confirm-button";
import { type Column, DataTable } from "../components/data-table";
import { Facts } from "../components/facts";
import { Field } from "../components/field";
import { IssueSummary } from "../components/issue-summary";
import { ErrorNotice, Notice } from "../components/notice";
import { PageHeader } from "../components/page-header";
import { StatusBadge } from "../components/status-badge";
import { bytes, dateTime, money } from "../format";
import { Link, navigate } from "../router";
import { useSession } from "../session";
import { useCurrency } from "../use-currency";
import { usePolled } from "../use-polled";
import { FormActions } from "../components/form-actions";

const LIST = "/v1/image-caches";
const cachePath = (id: string) => `${LIST}/${encodeURIComponent(id)}`;
/** The engine's GB for `sizeGB` (`ECI_CACHE_GB_BYTES`, 10^9 bytes unless its operator changed it). */
const GB = 1e9;

/**
 * One image cache: status and reason, each cached image with its digest and sizes, the space used of
 * `sizeGB`, its name and description changed online (`PUT` with `If-Match`), and Delete.
 */
export function ImageCachePage({ id }: { id: string }) {
  const { client } = useSession();
  const currency = useCurrency();
  const polled = usePolled((c, signal) => c.get<ImageCache>(cachePath(id), signal), 3000, [id]);
  const [editing, setEditing] = useState(false);
  const [news, setNews] = useState<{ kind: "success" | "warning"; text: string }>();
  const cache = polled.data;
  const breadcrumbs = (
    <p className="breadcrumbs">
      <Link to="/image-caches">Image caches</Link> / <span className="mono">{id}</span>
    </p>
  );

  if (!cache) {
    const gone = polled.error instanceof ApiError && polled.error.code === "not_found";
    return (
      <>
        {breadcrumbs}
        <PageHeader title={id} />
        {gone ? (
          <Notice kind="info">
            Image cache {id} does not exist: it was deleted, or it belongs to another account. <Link to="/image-caches">Back to the list</Link>.
          </Notice>
        ) : polled.error ? (
          <ErrorNotice error={polled.error} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </>
    );
  }

  const actions = (
    <>
      <button type="button" className="button" onClick={() => (setNews(undefined), setEditing(true))} disabled={editing}>
        Edit name and description
      </button>
      <ConfirmButton
        label="Delete"
        danger
        title={`Delete image cache ${cache.name}?`}
        confirmLabel="Delete"
        action={async () => {
          await client.json("DELETE", cachePath(id), undefined, { ifMatch: cache.version });
          navigate("/image-caches");
        }}
      >
        Its images are no longer kept for new groups; groups already running keep theirs. This cannot be undone.
      </ConfirmButton>
    </>
  );
  const pending = cache.images.filter((image) => !cache.cachedImages.some((c) => c.image === image));
  const columns: Column<CachedImage>[] = [
    { header: "Image", className: "key", cell: (c) => <span className="mono">{c.image}</span> },
    { header: "Digest", cell: (c) => (c.digest ? <span className="mono digest">{c.digest}</span> : <span className="muted">none reported</span>) },
    { header: "Image ID", cell: (c) => <span className="mono" title={c.imageId}>{c.imageId.slice(0, 19)}</span> },
    { header: "Compressed", className: "num", cell: (c) => (c.compressedSizeBytes === null ? <span className="muted">none downloaded</span> : bytes(c.compressedSizeBytes)) },
    { header: "Unpacked", className: "num", cell: (c) => bytes(c.sizeBytes) },
  ];

  return (
    <>
      {breadcrumbs}
      <PageHeader title={cache.name} actions={actions}>
        <p className="badges">
          <StatusBadge status={cache.status} />
          {cache.status === "creating" && <span className="muted"> pulling the images…</span>}
        </p>
      </PageHeader>
      {polled.error && <ErrorNotice error={polled.error} />}
      {cache.statusReason && <Notice kind={cache.status === "failed" ? "error" : "warning"}>{cache.statusReason}</Notice>}
      {news && <Notice kind={news.kind}>{news.text}</Notice>}
      <Facts
        facts={[
          ["ID", <span className="mono">{cache.id}</span>],
          ["Used", <UsedSpace cache={cache} />],
          ["Price", `${money(cache.hourlyPrice, currency)} per hour`],
          ["Registry credentials", cache.registryCredentialIds.length ? <span className="mono">{cache.registryCredentialIds.join(", ")}</span> : "none"],
          ["Description", cache.description || "—"],
          ["Created", dateTime(cache.createdAt)],
          ["Updated", dateTime(cache.updatedAt)],
        ]}
      />
      {editing && (
        <CacheEditor
          cache={cache}
          onDone={(outcome) => {
            setEditing(false);
            if (outcome) {
              setNews(outcome);
              polled.reload();
            }
          }}
        />
      )}
      <DataTable caption={`Images cached in ${cache.name}`} rows={cache.cachedImages} columns={columns} rowKey={(c) => c.image} empty={cache.status === "creating" ? "Pulling the images…" : "No image was cached."} />
      {pending.length > 0 && (
        <p className="muted">
          {cache.status === "creating" ? "Still to pull" : "Not cached"}: <span className="mono">{pending.join(", ")}</span>
        </p>
      )}
    </>
  );
}

/** The unpacked bytes of the cached images against `sizeGB`, as a meter. */
function UsedSpace({ cache }: { cache: ImageCache }) {
  const of = cache.sizeGB * GB;
  const percent = (cache.usedBytes / of) * 100;
  return (
    <>
      {bytes(cache.usedBytes)} of {cache.sizeGB} GB ({percent > 0 && percent < 0.01 ? "< 0.01" : percent.toFixed(percent < 1 ? 2 : 0)} %)
      <meter className="used" min={0} max={of} value={cache.usedBytes} aria-label={`Space used of ${cache.name}`} />
    </>
  );
}

/**
 * Name and description, the only fields of a cache that change after creation: a `PUT` of its whole
 * spec with `If-Match`, checked with the sdk's schema first; a change by someone else meanwhile is a 409.
 */
function CacheEditor({ cache, onDone }: { cache: ImageCache; onDone: (outcome?: { kind: "success" | "warning"; text: string }) => void }) {
  const { client } = useSession();
  const [name, setName] = useState(cache.name);
  const [description, setDescription] = useState(cache.description);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [version] = useState(cache.version);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const spec = { name, description, images: cache.images, registryCredentialIds: cache.registryCredentialIds, sizeGB: cache.sizeGB };
    const result = validate(ImageCacheSpecSchema, spec);
    setIssues(result.ok ? [] : result.issues);
    if (!result.ok) return requestAnimationFrame(() => document.getElementById("cache-issues")?.focus());
    setBusy(true);
    try {
      await client.json("PUT", cachePath(cache.id), spec, { ifMatch: version });
      onDone({ kind: "success", text: `Saved ${name}.` });
    } catch (err) {
      if (err instanceof ApiError && err.code === "version_conflict") onDone({ kind: "warning", text: `Not saved: someone else changed ${cache.name} meanwhile. The page shows it as it is now; make your edit again.` });
      else if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card editor" onSubmit={submit} noValidate aria-labelledby="cache-edit-title">
      <div className="card-header">
        <h2 id="cache-edit-title">Name and description</h2>
      </div>
      <p className="muted">The images, credentials and size of a cache cannot change: create another cache for other images.</p>
      <IssueSummary id="cache-issues" issues={issues} />
      {error && <Notice>{error}</Notice>}
      <div className="grid">
        <Field label="Name" path="name" messages={messagesAt(issues, "name")} hint="1–63 characters.">
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Description" path="description" messages={messagesAt(issues, "description")}>
          {(control) => <textarea {...control} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
      </div>
      <FormActions label="Save" busyLabel="Saving…" busy={busy} onCancel={() => onDone()} />
    </form>
  );
}
