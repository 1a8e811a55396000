import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's protobuf stubs are loaded from the fixture at run time */
type Props = Record<string, any>;

export const DIFF = { 0: "unknown", 1: "none", 2: "some" } as const;

/** A failed call, with the partial-create details when the provider reported the resource as created. */
export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly initFailure?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(message);
  }
}

/**
 * The SDK's own dynamic-provider server (`pulumi-resource-pulumi-nodejs` of the fixture's install),
 * driven over gRPC with the SDK's stubs, as the Pulumi engine drives it.
 */
export class ProviderServer {
  /** Lines the provider printed (its progress), in order. */
  readonly output: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly client: any,
    private readonly pb: any,
    private readonly struct: any,
    private readonly statusPb: any,
  ) {}

  static async start(dir: string, env: NodeJS.ProcessEnv = {}): Promise<ProviderServer> {
    const sdk = path.join(dir, "node_modules/@pulumi/pulumi");
    const load = (id: string) => require(require.resolve(id, { paths: [sdk] }));
    const grpc = load("@grpc/grpc-js");
    const services = require(path.join(sdk, "proto/provider_grpc_pb"));
    const proc = spawn(path.join(sdk, "pulumi-resource-pulumi-nodejs"), ["127.0.0.1:1"], {
      cwd: dir,
      detached: true,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: "eci-fixture", PULUMI_PROJECT: "eci-fixture", PULUMI_CONFIG: "{}", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    const port = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      proc.once("exit", (code) => reject(new Error(`provider server exited with ${code} before printing its port`)));
    });
    const client = new services.ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
    const server = new ProviderServer(proc, client, require(path.join(sdk, "proto/provider_pb")), load("google-protobuf/google/protobuf/struct_pb").Struct, require(path.join(sdk, "proto/status_pb")));
    lines.on("line", (line) => server.output.push(line));
    proc.stderr?.on("data", (d: Buffer) => server.output.push(...d.toString().trimEnd().split("\n")));
    return server;
  }

  stop(): void {
    try {
      process.kill(-(this.proc.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  }

  private call<T>(method: string, request: any): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](request, (err: any, response: T) => {
        if (!err) return resolve(response);
        reject(new ProviderCallError(err.details ?? err.message, this.initFailure(err)));
      }),
    );
  }

  private initFailure(err: any): ProviderCallError["initFailure"] {
    const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const status = this.statusPb.Status.deserializeBinary(raw);
    const detail = status.getDetailsList()[0]?.unpack(this.pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
    return detail && { id: detail.getId(), properties: detail.getProperties()?.toJavaScript() ?? {}, reasons: detail.getReasonsList() };
  }

  private s(value: Props): any {
    return this.struct.fromJavaScript(value);
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new this.pb.ConfigureRequest();
    req.setArgs(this.s(config));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
    const req = new this.pb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(this.s(olds));
    req.setNews(this.s(news));
    const res: any = await this.call("check", req);
    return { inputs: res.getInputs()?.toJavaScript() ?? {}, failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }

  async diff(id: string, urn: string, olds: Props, news: Props, oldInputs: Props): Promise<{ changes: string; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new this.pb.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(this.s(olds));
    req.setNews(this.s(news));
    req.setOldInputs?.(this.s(oldInputs));
    const res: any = await this.call("diff", req);
    return { changes: DIFF[res.getChanges() as 0 | 1 | 2], replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; props: Props }> {
    const req = new this.pb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(this.s(props));
    const res: any = await this.call("create", req);
    return { id: res.getId(), props: res.getProperties().toJavaScript() };
  }

  async update(id: string, urn: string, olds: Props, news: Props, oldInputs: Props): Promise<Props> {
    const req = new this.pb.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(this.s(olds));
    req.setNews(this.s(news));
    req.setOldInputs?.(this.s(oldInputs));
    const res: any = await this.call("update", req);
    return res.getProperties().toJavaScript();
  }

  /** A refresh (the state's outputs and inputs), or, with no `props`, a `get`: the engine sends only the inputs the program gave it. */
  async read(id: string, urn: string, props: Props | undefined, inputs: Props): Promise<{ id: string; props: Props; inputs: Props }> {
    const req = new this.pb.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    if (props) req.setProperties(this.s(props));
    req.setInputs(this.s(inputs));
    const res: any = await this.call("read", req);
    return { id: res.getId(), props: res.getProperties()?.toJavaScript() ?? {}, inputs: res.getInputs()?.toJavaScript() ?? {} };
  }

  async delete(id: string, urn: string, props: Props, oldInputs: Props): Promise<void> {
    const req = new this.pb.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(this.s(props));
    req.setOldInputs?.(this.s(oldInputs));
    await this.call("delete", req);
  }
}
