import { type ReactNode, useId, useRef, useState } from "react";
import { messageOf } from "../api/api-error";

/**
 * A button that asks first, in a modal dialog (Escape or Cancel closes it), then runs `action`; the
 * engine's refusal is shown in the dialog.
 */
export function ConfirmButton(props: { label: string; title: string; children: ReactNode; confirmLabel: string; danger?: boolean; action: () => Promise<unknown>; className?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.action();
      dialog.current?.close();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={props.className ?? (props.danger ? "button button-danger" : "button")} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={() => setError(undefined)}>
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className={props.danger ? "button button-danger" : "button button-primary"} onClick={confirm} disabled={busy}>
            {busy ? "Working…" : props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
