import { useEffect, useRef, useState } from "react";
import { messageOf } from "../../api/api-error";
import type { ContainerGroup } from "../../api/contract";
import { readLogs } from "../../api/groups";
import { CheckField, Field } from "../../components/field";
import { Notice } from "../../components/notice";
import { useSession } from "../../session";
import { ContainerPicker, useContainerChoice } from "./container-picker";

/** What the page keeps of a long log: the newest characters. */
const MAX_CHARS = 1_000_000;
const TAILS = ["100", "500", "2000", "all"];

/**
 * A container's output: its tail, then, with Follow, every new line as the container prints it
 * (the logs endpoint with `follow=true`, streamed with fetch), until the container stops.
 */
export function LogsTab({ group }: { group: ContainerGroup }) {
  const { client } = useSession();
  const [container, choose] = useContainerChoice(group);
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [tail, setTail] = useState("500");
  const [text, setText] = useState("");
  const [state, setState] = useState<{ streaming: boolean; ended?: string; error?: string }>({ streaming: false });
  const [generation, setGeneration] = useState(0);
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  const current = group.containers.find((c) => c.name === container);
  // A re-created or restarted container: read again, since a finished stream does not come back by itself.
  const run = `${current?.startedAt ?? ""}`;

  useEffect(() => {
    if (!container) return;
    const controller = new AbortController();
    setText("");
    setState({ streaming: true });
    readLogs(client, group.id, container, { tail: tail === "all" ? undefined : Number(tail), follow, timestamps }, (chunk) => setText((t) => (t + chunk).slice(-MAX_CHARS)), controller.signal).then(
      () => !controller.signal.aborted && setState({ streaming: false, ended: follow ? "The container stopped; the stream ended." : undefined }),
      (err) => !controller.signal.aborted && setState({ streaming: false, error: messageOf(err) }),
    );
    return () => controller.abort();
  }, [client, group.id, container, follow, timestamps, tail, generation, run]);

  useEffect(() => {
    if (pinned.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text]);

  return (
    <>
      <div className="toolbar">
        <ContainerPicker group={group} value={container} onChange={choose} />
        <Field label="Lines" path="tail">
          {(control) => (
            <select {...control} value={tail} onChange={(e) => setTail(e.target.value)}>
              {TAILS.map((t) => (
                <option key={t} value={t}>
                  {t === "all" ? "All kept" : `Last ${t}`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CheckField label="Follow" path="follow" checked={follow} onChange={setFollow} />
        <CheckField label="Timestamps" path="timestamps" checked={timestamps} onChange={setTimestamps} />
        <button type="button" className="button" onClick={() => setGeneration((g) => g + 1)}>
          Reload
        </button>
      </div>
      {state.error && <Notice>{state.error}</Notice>}
      <pre
        className="log"
        ref={box}
        tabIndex={0}
        aria-label={`Output of ${container ?? "the container"}`}
        aria-busy={state.streaming}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
      >
        {text || (state.streaming ? "" : "No output.")}
      </pre>
      <p className="muted" aria-live="polite">
        {state.streaming ? (follow ? "Following: new lines appear as the container prints them." : "Reading…") : state.ended}
      </p>
    </>
  );
}
