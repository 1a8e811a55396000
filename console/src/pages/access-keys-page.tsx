import { useEffect, useRef, useState } from "react";
import { type AccessKey, AccessKeySpecSchema, type CreatedAccessKey } from "../api/contract";
import { ConfirmButton } from "../components/confirm-button";
import { type Column, DataTable } from "../components/data-table";
import { Field } from "../components/field";
import { ErrorNotice, Notice } from "../components/notice";
import { PageHeader } from "../components/page-header";
import { age, dateTime } from "../format";
import { useSession } from "../session";
import { usePolled } from "../use-polled";
import { ResourceForm } from "./resources/resource-form";

const ACCESS_KEYS = "/v1/access-keys";

const nameOf = (k: AccessKey) => (k.name ? `${k.name} (${k.id})` : k.id);

const when = (iso: string, text: string) => (
  <time dateTime={iso} title={dateTime(iso)}>
    {text}
  </time>
);

/**
 * The account's access keys (`/v1/access-keys`): list, create (the secret shown once, in this page's
 * state only, so a reload loses it) and delete. Deleting the key this browser uses is allowed, after a
 * warning: rotating it means create, use the new one here, delete the old; the next request answers
 * 401 and the console asks for a key again.
 */
export function AccessKeysPage() {
  const { client } = useSession();
  const list = usePolled((c, signal) => c.get<{ items: AccessKey[] }>(ACCESS_KEYS, signal), 10_000, []);
  const keys = list.data?.items;
  // The engine marks the key the list was read with: this browser's.
  const current = keys?.find((k) => k.current)?.id;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedAccessKey>();
  const [news, setNews] = useState<string>();

  const columns: Column<AccessKey>[] = [
    {
      header: "Name",
      className: "key",
      cell: (k) => (
        <>
          {k.name ? <strong>{k.name}</strong> : <span className="muted">no name</span>}
          {k.id === current && <span className="badge badge-info key-badge">this browser</span>}
          <div className="muted mono">{k.id}</div>
        </>
      ),
    },
    { header: "Created", cell: (k) => when(k.createdAt, `${age(k.createdAt)} ago`) },
    { header: "Last used", cell: (k) => (k.lastUsedAt ? when(k.lastUsedAt, `${age(k.lastUsedAt)} ago`) : "never") },
    {
      header: "Actions",
      cell: (k) =>
        keys?.length === 1 ? (
          <span className="muted">the account's only key</span>
        ) : (
          <ConfirmButton
            label="Delete"
            className="button button-small button-danger"
            danger
            title={`Delete access key ${nameOf(k)}?`}
            confirmLabel={k.id === current ? "Delete the key this browser uses" : "Delete"}
            action={async () => {
              await client.json("DELETE", `${ACCESS_KEYS}/${encodeURIComponent(k.id)}`);
              setNews(`Deleted access key ${nameOf(k)}.`);
              list.reload();
            }}
          >
            <p>Every client that still sends it is refused from then on (401).</p>
            {k.id === current ? (
              <Notice kind="warning">
                This is the key this browser uses: once it is deleted, the console's next request is refused and it asks you to log in with another key. To
                rotate it without a break, create a key, choose "Use it in this browser", then delete this one.
              </Notice>
            ) : null}
          </ConfirmButton>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Access keys"
        intro="The keys that sign this account's requests: the API, eci, the Pulumi provider and this console. To rotate one without downtime, create a key, move every client to it, then delete the old one. A key's secret is shown once, when it is created."
        actions={
          !creating &&
          !created && (
            <button type="button" className="button button-primary" onClick={() => (setNews(undefined), setCreating(true))}>
              Create access key
            </button>
          )
        }
      />
      {news && <Notice kind="success">{news}</Notice>}
      {creating && (
        <ResourceForm
          title="Create access key"
          path={ACCESS_KEYS}
          schema={AccessKeySpecSchema}
          fields={[{ type: "text", name: "name", label: "Name", optional: true, hint: "Optional, up to 63 characters: what tells the keys apart (ci, laptop)." }]}
          submitLabel="Create access key"
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key as unknown as CreatedAccessKey);
            list.reload();
          }}
        />
      )}
      {created && <NewSecret created={created} inUse={created.id === current} onDone={() => setCreated(undefined)} onSwitched={setNews} />}
      <ErrorNotice error={list.error} />
      <DataTable caption="Access keys" rows={keys} columns={columns} rowKey={(k) => k.id} empty="No access keys." />
    </>
  );
}

/** A new key's secret, this once: Copy, use it in this browser, Done (after which it is gone). */
function NewSecret({ created, inUse, onDone, onSwitched }: { created: CreatedAccessKey; inUse: boolean; onDone: () => void; onSwitched: (news: string) => void }) {
  const { switchKey } = useSession();
  const [copied, setCopied] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [created.id]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied("The browser did not allow copying: select the secret and copy it.");
    }
  };

  return (
    <section className="card" aria-labelledby="new-key-title">
      <h2 id="new-key-title" ref={heading} tabIndex={-1}>
        Access key {nameOf(created)} created
      </h2>
      <Notice kind="warning">
        Copy the secret now: <strong>you will not see it again.</strong> The engine keeps only a hash of it; if it is lost, delete the key and create another.
      </Notice>
      <Field
        label="Secret"
        path="secret"
        hint={
          <>
            Give it to a client as <code>ECI_ACCESS_KEY</code>, to <code>eci login</code>, or as the provider's <code>eci:accessKey</code>.
          </>
        }
      >
        {(control) => <input {...control} className="mono" readOnly value={created.secret} onFocus={(e) => e.target.select()} />}
      </Field>
      <p className="muted" role="status">
        {copied}
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
        {!inUse && (
          <button
            type="button"
            className="button"
            onClick={() => {
              switchKey(created.secret);
              onSwitched(`This browser now uses access key ${nameOf(created)}. Move the other clients to it, then delete the old key.`);
            }}
          >
            Use it in this browser
          </button>
        )}
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
