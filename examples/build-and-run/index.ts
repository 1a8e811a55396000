import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
// The private registry to push to (`registry.example.com`, `127.0.0.1:5000`) and a login to it.
const registry = config.require("registry");
const username = config.require("username");
const password = config.requireSecret("password");
const repository = config.get("repository") ?? "examples/build-and-run";
// The Dockerfile's base: any image with busybox's `httpd`.
const baseImage = config.get("baseImage") ?? "busybox:1.36";
const tagged = `${registry}/${repository}:${config.get("tag") ?? "1"}`;

// What the image is built from: a change to any of these builds and pushes it again.
const sources = createHash("sha256");
for (const file of ["Dockerfile", "index.html"]) sources.update(readFileSync(path.join(__dirname, file)));

// 1. Build the image from this directory's Dockerfile on this machine, push it, and print its reference
//    by digest (the only line on stdout; docker's progress goes to stderr).
const build = new command.local.Command("build", {
  create: [
    `docker build --build-arg BASE_IMAGE=${baseImage} --tag ${tagged} . >&2`,
    `printf '%s' "$REGISTRY_PASSWORD" | docker login ${registry} --username ${username} --password-stdin >&2`,
    `docker push ${tagged} >&2`,
    `docker image inspect --format '{{join .RepoDigests "\\n"}}' ${tagged} | grep -F '${registry}/${repository}@'`,
  ].join(" && "),
  environment: { REGISTRY_PASSWORD: password },
  triggers: [tagged, baseImage, sources.digest("hex")],
});

// 2. The same login for the engine, stored once the push has proved it.
const credential = new eci.RegistryCredential("registry", { server: registry, username, password, verify: true }, { dependsOn: [build] });

// 3. The group runs the image by digest: each new build is a new image, and an online update of the group.
const app = new eci.ContainerGroup("app", {
  containers: [
    {
      name: "web",
      image: build.stdout.apply((out) => out.trim()),
      registryCredentialId: credential.id,
      ports: [{ port: 8080 }],
      cpu: 0.25,
      memory: 0.5,
    },
  ],
});

export const url = app.ports.apply((ports) => (ports?.length ? `http://${ports[0].hostIp}:${ports[0].hostPort}/` : undefined));

// 4. Once the group is up (created and healthy), fetch its page from this machine; a failure fails the `up`.
const check = new command.local.Command("check", {
  create: pulumi.interpolate`curl --fail --silent --show-error ${url}`,
  triggers: [build.stdout],
});

export const image = build.stdout.apply((out) => out.trim());
export const credentialId = credential.id;
export const groupId = app.id;
export const page = check.stdout;
// What the stack costs per hour while the group runs, in the engine's currency (the credential is free).
export const hourlyCost = eci.hourlyCost(app);
