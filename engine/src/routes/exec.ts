import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { pickExecProtocol, validate } from "@eci/sdk";
import { EngineError } from "../errors";
import type { ExecOptions, ExecProcess } from "../runtime/container-runtime";
import type { ContainerGroupService } from "../services/container-group-service";
import { TerminalBridge } from "../terminal/terminal-bridge";
import { BooleanParam } from "./container-groups";

/** `stdin`, `stdout` and `stderr` are what Kubernetes clients send; the terminal always attaches all three. */
const ExecQuerySchema = z.strictObject({
  tty: BooleanParam.default(true),
  command: z.string().min(1).max(65_536).optional(),
  stdin: BooleanParam.optional(),
  stdout: BooleanParam.optional(),
  stderr: BooleanParam.optional(),
});

type ExecRequest = FastifyRequest<{ Params: { id: string; name: string }; Querystring: Record<string, unknown> }>;

/**
 * `GET /v1/container-groups/{id}/containers/{name}/exec`: the terminal (SPEC §2), a WebSocket speaking
 * Kubernetes' `v5.channel.k8s.io` (or `v4`). Only `sh` runs: interactive, or `sh -c <command>`. Every
 * refusal (no such group, a container that is not running, a bad query) is an HTTP answer before the
 * WebSocket is accepted.
 */
export function execRoutes(app: FastifyInstance, groups: ContainerGroupService): void {
  const prepared = new WeakMap<FastifyRequest, { start: (options: ExecOptions) => Promise<ExecProcess>; options: ExecOptions }>();

  app.get(
    "/v1/container-groups/:id/containers/:name/exec",
    {
      websocket: true,
      preValidation: async (req: ExecRequest) => {
        const query = validate(ExecQuerySchema, req.query);
        if (!query.ok) throw EngineError.validation(query.issues);
        if (!pickExecProtocol(offeredProtocols(req))) {
          throw new EngineError("malformed_request", "Open the terminal as a WebSocket offering the subprotocol v5.channel.k8s.io (or v4.channel.k8s.io)");
        }
        const start = await groups.execIn(req.accountId, req.params.id, req.params.name);
        const { tty, command } = query.value;
        prepared.set(req, { start, options: { tty, command: command === undefined ? ["sh"] : ["sh", "-c", command] } });
      },
    },
    (socket, req) => {
      const bridge = new TerminalBridge(socket);
      const { start, options } = prepared.get(req) as { start: (options: ExecOptions) => Promise<ExecProcess>; options: ExecOptions };
      void bridge.run(() => start(options));
    },
  );
}

export function offeredProtocols(req: FastifyRequest): string[] {
  return (req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
}
