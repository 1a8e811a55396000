import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { MetricRangeSchema, validate } from "@eci/sdk";
import { EngineError } from "../errors";
import type { MetricsService } from "../services/metrics-service";
import { BooleanParam } from "./container-groups";

const MetricsQuerySchema = z.strictObject({
  range: MetricRangeSchema.default("6h"),
  container: z.string().min(1).optional(),
  follow: BooleanParam.optional(),
});

/**
 * `GET /v1/container-groups/{id}/metrics?range=…[&container=…][&follow=true]`: a range of points, or
 * with `follow` a stream of server-sent events (`event: sample`) carrying each new sample.
 */
export function metricsRoutes(app: FastifyInstance, metrics: MetricsService): void {
  const streams = new Set<ServerResponse>();
  // A followed stream never ends by itself: closing the server would wait for it forever.
  app.addHook("preClose", async () => {
    for (const stream of streams) stream.end();
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>("/v1/container-groups/:id/metrics", async (req, reply) => {
    const query = validate(MetricsQuerySchema, req.query);
    if (!query.ok) throw EngineError.validation(query.issues);
    const { range, container, follow } = query.value;
    if (!follow) return metrics.range(req.accountId, req.params.id, { range, container });
    const res = reply.raw;
    const stop = metrics.follow(req.accountId, req.params.id, container, (sample) => res.write(`event: sample\ndata: ${JSON.stringify(sample)}\n\n`));
    reply.hijack();
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(": following\n\n"); // sends the headers now, so the client sees the stream open before the first sample
    streams.add(res);
    res.on("close", () => {
      stop();
      streams.delete(res);
    });
  });
}
