/**
 * Builds the images the tests run, from Debian's busybox-static, with no registry and no network:
 *   eci-test/busybox:1  busybox with every applet linked, /tmp and a root user
 *   eci-test/noshell:1  only the busybox binary: no /bin/sh, like a distroless image
 * Usage: tsx scripts/build-test-images.ts [--force]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { buildScratchImage, type ImageFile } from "../engine/src/runtime/build-image";

export const TEST_IMAGES = { busybox: "eci-test/busybox:1", noshell: "eci-test/noshell:1" } as const;
const BUSYBOX = "/bin/busybox";

export async function ensureTestImages(docker = new Docker(), force = false): Promise<void> {
  let binary: Buffer;
  try {
    binary = readFileSync(BUSYBOX);
  } catch {
    throw new Error(`${BUSYBOX} is missing: install Debian's busybox-static (.ci/run does)`);
  }
  const applets = execFileSync(BUSYBOX, ["--list"], { encoding: "utf8" }).split("\n").filter((a) => a && a !== "busybox");
  const busybox: ImageFile = { name: "bin/busybox", content: binary, mode: 0o755 };
  const images: Array<[string, ImageFile[], string[]]> = [
    [
      TEST_IMAGES.busybox,
      [
        busybox,
        ...applets.map((a) => ({ name: `bin/${a}`, linkTo: "busybox" })),
        { name: "tmp", directory: true, mode: 0o1777 },
        { name: "etc/passwd", content: "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n" },
        { name: "etc/group", content: "root:x:0:\nnogroup:x:65534:\n" },
      ],
      ["sh"],
    ],
    [TEST_IMAGES.noshell, [busybox], ["/bin/busybox", "sleep", "3600"]],
  ];
  for (const [tag, files, cmd] of images) {
    if (!force && (await exists(docker, tag))) continue;
    await buildScratchImage(docker, tag, files, cmd);
    console.log(`Built ${tag}`);
  }
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
