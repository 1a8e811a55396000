import { type FormEvent, useEffect, useState } from "react";
import { messageOf } from "../api/api-error";
import { EngineClient } from "../api/engine-client";
import { Field } from "../components/field";
import { Notice } from "../components/notice";

/** Asks for an access key and checks it with the engine before keeping it for this browser session. */
export function LoginPage({ notice, onLogin }: { notice?: string; onLogin: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Log in · ECI console";
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return setError("Enter an access key");
    setBusy(true);
    setError(undefined);
    try {
      await new EngineClient(trimmed, () => {}).get("/v1/quotas");
      onLogin(trimmed);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <h1>ECI console</h1>
        </div>
        <p>Elastic Container Instances on this engine. Log in with an access key of your account.</p>
        {notice && <Notice kind="warning">{notice}</Notice>}
        <Field
          label="Access key"
          path="accessKey"
          messages={error ? [error] : []}
          hint={
            <>
              The engine wrote the first key to <code>&lt;data-dir&gt;/access-key</code>; <code>eci-engine accounts create NAME</code> makes one for another
              account. The key is kept for this browser session only.
            </>
          }
        >
          {(control) => <input {...control} type="password" autoComplete="current-password" autoFocus value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <button type="submit" className="button button-primary button-wide" disabled={busy}>
          {busy ? "Checking…" : "Log in"}
        </button>
      </form>
    </main>
  );
}
