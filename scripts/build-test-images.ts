/**
 * Builds the images the tests run, from Debian's busybox-static, with no registry and no network:
 *   eci-test/busybox:1  busybox with every applet linked, /tmp and a root user
 *   eci-test/noshell:1  only the busybox binary: no /bin/sh, like a distroless image
 *   eci-test/udp-echo:1 a UDP echo server on port 9999 (busybox's nc has no UDP), x86_64 only
 *   eci-test/redis:7    Debian's Redis 7 (redis-tools' binary, which is the server when called
 *                       redis-server) with the libraries it links and busybox: a real stateful server
 * Usage: tsx scripts/build-test-images.ts [--force]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { buildScratchImage, type ImageFile } from "../engine/src/runtime/build-image";
import { staticExecutable } from "../engine/src/runtime/sandbox-image";

export const TEST_IMAGES = { busybox: "eci-test/busybox:1", noshell: "eci-test/noshell:1", udpEcho: "eci-test/udp-echo:1", redis: "eci-test/redis:7" } as const;
export const UDP_ECHO_PORT = 9999;

/**
 * socket(AF_INET, SOCK_DGRAM); bind(0.0.0.0:9999); then forever: n = recvfrom(buf, 1500, &from);
 * sendto(buf, n, &from). Assembled from those few lines of x86-64 (GNU as, Intel syntax).
 */
const UDP_ECHO_X64 = Buffer.from(
  [
    "b829000000 bf02000000 be02000000 31d2 0f05 4189c4", // fd = socket(2, 2, 0)
    "4881ec00080000 48c7042400000000 48c744240800000000 66c704240200 66c7442402270f", // sockaddr_in 0.0.0.0:9999 on the stack
    "b831000000 4489e7 4889e6 ba10000000 0f05", // bind(fd, &addr, 16)
    "c744242010000000 b82d000000 4489e7 488d742440 badc050000 4531d2 4c8d442410 4c8d4c2420 0f05 4885c0 78d2", // n = recvfrom(...); retry on error
    "4889c2 b82c000000 4489e7 488d742440 4531d2 4c8d442410 41b910000000 0f05 ebb0", // sendto(fd, buf, n, 0, &from, 16); loop
  ]
    .join("")
    .replace(/ /g, ""),
  "hex",
);
const BUSYBOX = "/bin/busybox";
/** Debian's redis-tools ships the server as redis-check-rdb: it runs as the server under another name. */
const REDIS = "/usr/bin/redis-check-rdb";
const REDIS_CLI = "/usr/bin/redis-cli";

export async function ensureTestImages(docker = new Docker(), force = false): Promise<void> {
  let binary: Buffer;
  try {
    binary = readFileSync(BUSYBOX);
  } catch {
    throw new Error(`${BUSYBOX} is missing: install Debian's busybox-static (.ci/run does)`);
  }
  const applets = execFileSync(BUSYBOX, ["--list"], { encoding: "utf8" }).split("\n").filter((a) => a && a !== "busybox");
  const busybox: ImageFile = { name: "bin/busybox", content: binary, mode: 0o755 };
  const busyboxFiles: ImageFile[] = [
    busybox,
    ...applets.map((a) => ({ name: `bin/${a}`, linkTo: "busybox" })),
    { name: "tmp", directory: true, mode: 0o1777 },
    { name: "etc/passwd", content: "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n" },
    { name: "etc/group", content: "root:x:0:\nnogroup:x:65534:\n" },
  ];
  const images: Array<[string, () => ImageFile[], string[]]> = [
    [TEST_IMAGES.busybox, () => busyboxFiles, ["sh"]],
    [TEST_IMAGES.noshell, () => [busybox], ["/bin/busybox", "sleep", "3600"]],
    [TEST_IMAGES.udpEcho, () => [{ name: "udp-echo", content: staticExecutable(0x3e, UDP_ECHO_X64), mode: 0o755 }], ["/udp-echo"]],
    [TEST_IMAGES.redis, () => [...busyboxFiles, ...redisFiles()], ["redis-server", "--protected-mode", "no", "--dir", "/data"]],
  ];
  for (const [tag, files, cmd] of images) {
    if (!force && (await exists(docker, tag))) continue;
    await buildScratchImage(docker, tag, files(), cmd);
    console.log(`Built ${tag}`);
  }
}

/** Redis's server and client, and every shared library they load (as `ldd` resolves them on this host). */
function redisFiles(): ImageFile[] {
  let server: Buffer;
  try {
    server = readFileSync(REDIS);
  } catch {
    throw new Error(`${REDIS} is missing: install Debian's redis-tools (.ci/run does)`);
  }
  const libraries = new Set<string>();
  for (const binary of [REDIS, REDIS_CLI]) {
    for (const line of execFileSync("ldd", [binary], { encoding: "utf8" }).split("\n")) {
      const path = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1];
      if (path) libraries.add(path);
    }
  }
  return [
    { name: "usr/bin/redis-server", content: server, mode: 0o755 },
    { name: "usr/bin/redis-cli", content: readFileSync(REDIS_CLI), mode: 0o755 },
    ...[...libraries].map((lib) => ({ name: lib.slice(1), content: readFileSync(lib), mode: 0o755 })),
    { name: "data", directory: true, mode: 0o755 },
  ];
}

async function exists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

if (require.main === module) {
  ensureTestImages(new Docker(), process.argv.includes("--force")).catch((err) => {
    console.error(`Failed to build test images: ${(err as Error).message}`);
    process.exit(1);
  });
}
