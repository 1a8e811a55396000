import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
// The private image, such as registry.example.com/team/web:1, and a login to its registry.
const image = config.require("image");
const server = image.slice(0, image.indexOf("/"));
const command = config.getObject<string[]>("command");
const port = config.getNumber("port") ?? 8080;
// A secret for the app (`pulumi config set --secret apiToken`), given to it as API_TOKEN.
const apiToken = config.getSecret("apiToken");

// The password is a secret: it is encrypted in the state's inputs and never an output.
const credential = new eci.RegistryCredential("registry", {
  server,
  username: config.require("username"),
  password: config.requireSecret("password"),
  verify: true,
});

// Pulled once, pinned on the engine's host: groups that name the cache start without pulling.
const cache = new eci.ImageCache("images", {
  description: `Images of ${server}`,
  images: [image],
  registryCredentialIds: [credential.id],
});

const app = new eci.ContainerGroup("app", {
  imageCacheId: cache.id,
  containers: [
    {
      name: "app",
      image,
      // The credential is still named: an image the cache lacks (a new tag, say) is pulled with it.
      registryCredentialId: credential.id,
      command,
      // Write-only: sealed by the engine, never returned, never an output (a salted hash stands in).
      ...(apiToken ? { secureEnv: { API_TOKEN: apiToken } } : {}),
      ports: [{ port }],
      cpu: 0.5,
      memory: 1,
    },
  ],
});

export const credentialId = credential.id;
export const cacheId = cache.id;
export const cachedImages = cache.cachedImages;
export const groupId = app.id;
export const url = app.ports.apply((ports) => (ports?.length ? `http://${ports[0].hostIp}:${ports[0].hostPort}/` : undefined));
// What the stack costs per hour, in the engine's currency (the credential is free).
export const hourlyCost = eci.hourlyCost(cache, app);
