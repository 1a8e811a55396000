import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { CHANNEL, type ContainerGroup, type ExecStatus, decodeText, exitCodeOf, frame, resizeFrame, unframe } from "../../api/contract";
import { execPath } from "../../api/groups";
import { useSession } from "../../session";
import { ContainerPicker, useContainerChoice } from "./container-picker";

type Phase = { kind: "idle" } | { kind: "connecting" } | { kind: "open" } | { kind: "closed"; message: string };

/**
 * An interactive `sh` in a running container: xterm.js over the exec WebSocket, Kubernetes'
 * channel framing (stdin 0, stdout 1, stderr 2, status 3, resize 4). The key goes as a subprotocol,
 * since a browser cannot set headers on a WebSocket.
 */
export default function TerminalTab({ group }: { group: ContainerGroup }) {
  const { client } = useSession();
  const [container, choose] = useContainerChoice(group, (c) => c.state === "running");
  const [session, setSession] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const host = useRef<HTMLDivElement>(null);
  const state = group.containers.find((c) => c.name === container)?.state;
  const running = state === "running";

  useEffect(() => {
    if (session === 0 || !container || !host.current) return;
    const term = new Terminal({ cursorBlink: true, fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 14, theme: { background: "#000000" } });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    const { url, protocols } = client.execSocket(execPath(group.id, container));
    const socket = new WebSocket(url, protocols);
    socket.binaryType = "arraybuffer";
    setPhase({ kind: "connecting" });
    let status: string | undefined;
    const send = (message: Uint8Array) => socket.readyState === WebSocket.OPEN && socket.send(message);

    socket.onopen = () => {
      setPhase({ kind: "open" });
      send(resizeFrame(term.cols, term.rows));
      term.focus();
    };
    socket.onmessage = (event) => {
      const message = unframe(new Uint8Array(event.data as ArrayBuffer));
      if (!message) return;
      if (message.channel === CHANNEL.stdout || message.channel === CHANNEL.stderr) term.write(message.data);
      else if (message.channel === CHANNEL.status) {
        const code = exitCodeOf(JSON.parse(decodeText(message.data)) as ExecStatus);
        status = code === null ? "The shell ended." : `The shell exited with code ${code}.`;
      }
    };
    socket.onclose = (event) => {
      // A refusal (a stopped container, a bad key) comes before the upgrade: the browser shows only 1006.
      const why = status ?? (event.code === 1000 ? "The shell ended." : `The connection closed (code ${event.code}): the container may have stopped, or the engine refused the terminal.`);
      setPhase({ kind: "closed", message: why });
      term.options.disableStdin = true;
    };
    const input = term.onData((data) => send(frame(CHANNEL.stdin, data)));
    const resized = term.onResize(({ cols, rows }) => send(resizeFrame(cols, rows)));
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      input.dispose();
      resized.dispose();
      socket.onclose = null;
      socket.close(1000);
      term.dispose();
    };
  }, [client, group.id, container, session]);

  const connected = phase.kind === "connecting" || phase.kind === "open";
  return (
    <>
      <div className="toolbar">
        <ContainerPicker
          group={group}
          value={container}
          onChange={(name) => {
            choose(name);
            setSession(0);
            setPhase({ kind: "idle" });
          }}
        />
        {connected ? (
          <button type="button" className="button" onClick={() => (setSession(0), setPhase({ kind: "closed", message: "Disconnected." }))}>
            Disconnect
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={!running} onClick={() => setSession((s) => s + 1)}>
            {phase.kind === "closed" ? "Connect again" : "Connect"}
          </button>
        )}
      </div>
      <p className="muted" aria-live="polite">
        {!running && !connected
          ? `${container ?? "The container"} is ${state ?? "not there"}: a terminal needs a running container.`
          : phase.kind === "connecting"
            ? "Connecting…"
            : phase.kind === "open"
              ? `Connected: sh in ${container}. Type exit or press Ctrl-D to end it.`
              : phase.kind === "closed"
                ? phase.message
                : "Opens sh in the container (only sh is offered)."}
      </p>
      <div className={`terminal${session === 0 ? " terminal-idle" : ""}`} ref={host} aria-label={`Terminal of ${container ?? "the container"}`} />
    </>
  );
}
