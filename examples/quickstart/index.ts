import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
// Any image serving HTTP on port 80; `command` replaces its entrypoint (a JSON array).
const image = config.get("image") ?? "nginx:1.27";
const command = config.getObject<string[]>("command");
const vpcCidr = config.get("vpcCidr") ?? "192.168.0.0/16";
const vxnetCidr = config.get("vxnetCidr") ?? "192.168.1.0/24";
// The web group's fixed address: the port forwarding rule names it.
const webIp = config.get("webIp") ?? "192.168.1.10";

// 1. A public address: from the engine's loopback pool, so it is reachable from the engine's host.
const eip = new eci.Eip("public", { description: "Where the web page is served" });

// 2. A firewall that lets in only port 8080 over TCP; anything no rule accepts is dropped.
const firewall = new eci.SecurityGroup("firewall", {
  rules: [{ priority: 1, direction: "ingress", protocol: "TCP", ports: "8080", sourceCidr: "0.0.0.0/0", action: "accept" }],
});

// 3. A VPC with the EIP and the firewall, forwarding EIP:8080 to the web group's port 80.
const vpc = new eci.Vpc("main", {
  cidr: vpcCidr,
  eipId: eip.id,
  securityGroupId: firewall.id,
  portForwardings: [{ name: "web", protocol: "TCP", eipPort: 8080, privateIp: webIp, privatePort: 80 }],
});

// 4. A subnet of the VPC for the groups.
const vxnet = new eci.Vxnet("apps", { vpcId: vpc.id, cidr: vxnetCidr });

// 5. The web group, at its fixed address in the vxnet.
const web = new eci.ContainerGroup("web", {
  network: { mode: "vpc", vxnetId: vxnet.id, privateIp: webIp },
  containers: [{ name: "web", image, command, ports: [{ port: 80 }], cpu: 0.5, memory: 1 }],
});

export const eipAddress = eip.address;
export const vpcId = vpc.id;
export const vxnetId = vxnet.id;
export const groupId = web.id;
export const privateIp = web.privateIp;
export const url = pulumi.interpolate`http://${eip.address}:8080/`;
// What the stack costs per hour, in the engine's currency (the vxnet is free).
export const hourlyCost = eci.hourlyCost(eip, firewall, vpc, vxnet, web);
