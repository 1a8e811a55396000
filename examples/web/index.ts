import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
const message = config.get("message") ?? "Hello from ECI";
const image = config.get("image") ?? "busybox:1.36";

// The init container writes the page into the group's shared memory; the web container serves it.
// Both share one network namespace, so the page is served on the group's published port.
const web = new eci.ContainerGroup("web", {
  description: "busybox httpd serving a page written by an init container",
  labels: { app: "web" },
  shmSizeMB: 16,
  containers: [
    {
      name: "page",
      type: "init",
      image,
      command: ["sh", "-c", `echo '${message}' > /dev/shm/index.html`],
    },
    {
      name: "httpd",
      image,
      command: ["httpd", "-f", "-p", "8080", "-h", "/dev/shm"],
      ports: [{ port: 8080 }],
      cpu: 0.25,
      memory: 0.5,
    },
  ],
});

export const groupId = web.id;
export const status = web.status;
export const health = web.healthStatus;
export const url = web.ports.apply((ports) => (ports?.length ? `http://${ports[0].hostIp}:${ports[0].hostPort}/` : undefined));
// What the stack costs per hour while the group runs, in the engine's currency.
export const hourlyCost = eci.hourlyCost(web);
