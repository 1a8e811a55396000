import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { type Browser, type Locator, type Page, chromium } from "playwright-core";
import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS, type ContainerGroup } from "@eci/sdk";
import { buildScratchImage } from "../../engine/src/runtime/build-image";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** Where the screenshots of docs/console.md go. */
const SHOTS = path.resolve(__dirname, "../../docs/console");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** A second tag of the test busybox, built here (nothing is pulled): the image an edit changes a container to. */
const EDITED_IMAGE = "eci-test/busybox:console-edit";

/** Debian's chromium, headless; nothing may download a browser or talk to the internet. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A field's error message, as the page ties it to its input (`aria-describedby`). */
const errorOf = (page: Page, specPath: string): Locator => page.locator(`[id="f-${specPath}-error"]`);
const input = (page: Page, specPath: string): Locator => page.locator(`[id="f-${specPath}"]`);

/** The row of a table that holds `text`. */
const rowWith = (page: Page, text: string): Locator => page.locator("tbody tr", { hasText: text });

describe("the web console", function () {
  let t: TestEngine;
  let browser: Browser;
  let page: Page;
  let groupId: string;
  /** What went wrong in the page itself: uncaught errors, and anything the page's security policy blocked. */
  const pageErrors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestEngine({ metricsIntervalMs: 300 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(20_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => message.text().includes("Content Security Policy") && pageErrors.push(message.text()));
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await docker.getImage(EDITED_IMAGE).remove().catch(() => undefined);
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  /** A screenshot of a group's tab, scrolled so that the tabs are at the top. */
  const tabShot = async (name: string) => {
    await page.evaluate("window.scrollTo(0, document.querySelector('nav.tabs').getBoundingClientRect().top + window.scrollY - 70)");
    await shot(name);
  };
  const open = (route: string) => page.goto(`${t.api.url}${route}`);
  const idOf = async (list: string, name: string): Promise<string> => ((await t.api.request("GET", list)).body.items as Array<{ id: string; name: string }>).find((r) => r.name === name)!.id;
  const nav = (label: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();

  it("asks for an access key, refuses a wrong one at its field, and logs in with the right one", async () => {
    await open("/groups");
    await page.getByRole("heading", { name: "ECI console" }).waitFor();
    await shot("login");
    await page.getByLabel("Access key").fill("not-a-key");
    await page.getByRole("button", { name: "Log in" }).click();
    await errorOf(page, "accessKey").getByText("The access key is not valid").waitFor();
    await page.getByLabel("Access key").fill(t.api.key);
    await page.getByLabel("Access key").press("Enter");
    await page.getByRole("heading", { name: "Container groups" }).waitFor();
  });

  it("creates a group in four steps, showing the API's own message at the field of a bad value until it is fixed", async () => {
    await page.getByRole("link", { name: "Create group" }).click();
    await input(page, "containers[0].name").fill("web");
    await input(page, "containers[0].image").fill("Not An Image!");
    await page.getByRole("button", { name: "Next: Volumes" }).click();
    // The page runs the contract's schema: the message is the one the API answers for the same spec.
    const api = await t.api.request("POST", "/v1/container-groups", { name: "x", containers: [{ name: "web", image: "Not An Image!" }] });
    const apiMessage = (api.body.details as Array<{ path: string; message: string }>).find((i) => i.path === "containers[0].image")?.message;
    expect(apiMessage).to.be.a("string");
    expect(await errorOf(page, "containers[0].image").textContent()).to.equal(apiMessage);
    expect(await page.getByRole("heading", { name: "Step 1 of 4: Images" }).isVisible()).to.equal(true);
    await shot("create-images");

    await input(page, "containers[0].image").fill(TEST_IMAGES.busybox);
    await errorOf(page, "containers[0].image").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Add variable" }).click();
    await page.getByLabel("Name 1").fill("APP_MODE");
    await page.getByLabel("Value 1").fill("blue");
    await page.getByText("Command, arguments, working directory, log size").first().click();
    await input(page, "containers[0].command").fill(["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.5; done"].join("\n"));
    await page.getByRole("button", { name: "Add container" }).click();
    await input(page, "containers[1].name").fill("sidecar");
    await input(page, "containers[1].image").fill(TEST_IMAGES.busybox);
    await page.getByText("Command, arguments, working directory, log size").nth(1).click();
    await input(page, "containers[1].command").fill("sleep\n3600");
    await page.getByRole("button", { name: "Next: Volumes" }).click();

    await page.getByRole("heading", { name: "Step 2 of 4: Volumes" }).waitFor();
    await page.getByRole("button", { name: "Add volume" }).click();
    await input(page, "volumes[0].name").fill("config");
    await input(page, "volumes[0].configFile.files[0].path").fill("app.conf");
    await input(page, "volumes[0].configFile.files[0].content").fill("mode=blue\n");
    await page.getByRole("group", { name: "Mounted by web" }).getByRole("button", { name: "Add mount" }).click();
    await input(page, "containers[0].volumeMounts[0].mountPath").fill("/etc/app");
    await shot("create-volumes");
    await page.getByRole("button", { name: "Next: Network" }).click();

    await page.getByRole("heading", { name: "Step 3 of 4: Network" }).waitFor();
    await shot("create-network");
    await page.getByRole("button", { name: "Next: Basic information" }).click();

    await page.getByRole("heading", { name: "Step 4 of 4: Basic information" }).waitFor();
    await input(page, "name").fill("shop-web");
    await page.getByRole("button", { name: "Add label" }).click();
    await page.getByLabel("Key 1").fill("team");
    await page.getByLabel("Value 1").fill("shop");
    await shot("create-basic");
    await input(page, "name").press("Enter");

    await page.waitForURL(/\/groups\/cg-[a-z0-9]{8}$/);
    groupId = /cg-[a-z0-9]{8}/.exec(page.url())![0];
    const group = await t.api.getGroup(groupId);
    expect(group.containers.map((c) => [c.name, c.env, c.volumeMounts])).to.deep.equal([
      ["web", { APP_MODE: "blue" }, [{ volume: "config", mountPath: "/etc/app" }]],
      ["sidecar", {}, []],
    ]);
    expect(group.labels).to.deep.equal({ team: "shop" });
  });

  it("lists the group running, and filters the list by status and label", async () => {
    await nav("Container groups");
    const row = rowWith(page, "shop-web");
    await row.getByText("running", { exact: true }).waitFor({ timeout: 30_000 });
    await row.getByText("healthy", { exact: true }).waitFor();
    const ip = (await t.api.getGroup(groupId)).privateIp as string;
    await row.getByText(ip).waitFor();
    expect(await row.textContent()).to.include("2 vCPU · 4 GiB");
    await shot("groups");
    await page.getByLabel("Labels").fill("team=other");
    await page.getByLabel("Labels").press("Enter");
    await page.getByText("No group matches these filters.").waitFor();
    await page.getByLabel("Labels").fill("team=shop");
    await page.getByLabel("Labels").press("Enter");
    await page.getByLabel("Status").selectOption("running");
    await rowWith(page, "shop-web").waitFor();
    expect(page.url()).to.match(/\?status=running&label=team%3Dshop$/);
  });

  it("shows the group's containers and its events", async () => {
    await rowWith(page, "shop-web").getByRole("link", { name: "shop-web" }).click();
    await page.getByRole("heading", { name: "shop-web" }).waitFor();
    for (const name of ["web", "sidecar"]) await rowWith(page, name).getByText("running", { exact: true }).waitFor();
    await shot("group");
    await page.getByRole("link", { name: "Events" }).click();
    await rowWith(page, "Started").first().waitFor();
    expect(await page.locator("tbody").textContent()).to.include("Scheduled");
    await tabShot("group-events");
  });

  it("follows a container's logs: a line printed after they opened appears", async () => {
    await page.getByRole("link", { name: "Logs" }).click();
    await page.getByLabel("Container").selectOption("web");
    const log = page.getByLabel("Output of web");
    await log.getByText(/tick \d+/).first().waitFor();
    const ticks = async () => Math.max(...[...((await log.textContent()) ?? "").matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
    const seen = await ticks();
    await waitFor(`a tick after ${seen} in the followed log`, async () => ((await ticks()) > seen + 1 ? true : undefined), { timeoutMs: 15_000 });
    await page.getByText("Following: new lines appear as the container prints them.").waitFor();
    await tabShot("group-logs");
  });

  it("opens a terminal in a container and runs a command in it", async () => {
    await page.getByRole("link", { name: "Terminal" }).click();
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText("Connected: sh in web.").waitFor();
    await page.keyboard.type("echo $((6*7))\n");
    const screen = page.locator(".xterm-rows");
    await waitFor("42 on the terminal", async () => ((await screen.innerText()).split("\n").some((line) => line.trim() === "42") ? true : undefined), { timeoutMs: 15_000 });
    await tabShot("group-terminal");
    await page.getByRole("button", { name: "Disconnect" }).click();
  });

  it("charts the group's CPU, memory and I/O with live points and over a range", async () => {
    await page.getByRole("link", { name: "Monitoring" }).click();
    const cpu = page.locator("figure", { hasText: "CPU (cores)" });
    await cpu.getByText(/· ([3-9]|\d\d+) points/).waitFor({ timeout: 20_000 });
    expect(await cpu.locator("canvas").count()).to.equal(1);
    expect(await page.locator("figure").count()).to.equal(4);
    await tabShot("group-monitoring");
    await page.getByRole("button", { name: "6 hours" }).click();
    await page.getByText(/Averages of 1 min steps/).waitFor();
    await cpu.getByText(/· \d+ points?$/).waitFor();
  });

  it("fits a phone: the navigation folds behind Menu and tables become cards", async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole("link", { name: "Containers" }).click();
    await rowWith(page, "sidecar").waitFor();
    await shot("group-phone");
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).to.equal(false);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).to.equal("true");
    await nav("Container groups");
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).to.equal(false);
    await rowWith(page, "shop-web").waitFor();
    await shot("groups-phone");
    await page.setViewportSize(DESKTOP);
  });

  it("edits one container online: a new image tag and a variable re-create that container only, after saying so", async () => {
    await docker.getImage(TEST_IMAGES.busybox).tag({ repo: EDITED_IMAGE.split(":")[0], tag: EDITED_IMAGE.split(":")[1] });
    await open(`/groups/${groupId}`);
    const started = (name: string) => rowWith(page, name).locator("time").getAttribute("title");
    const before = await t.api.getGroup(groupId);
    const webStarted = await started("web");
    expect(webStarted).to.equal(before.containers[0].startedAt);
    await page.getByRole("button", { name: "Edit web" }).click();
    const effects = page.locator(".update-effects");
    expect(await effects.textContent()).to.equal("Nothing changed yet.");

    // A bad reference gets the message the API answers for it, at the image's input.
    await input(page, "containers[0].image").fill("Not An Image!");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const api = await t.api.request("PUT", `/v1/container-groups/${groupId}`, { name: "x", containers: [{ name: "web", image: "Not An Image!" }] });
    const apiMessage = (api.body.details as Array<{ path: string; message: string }>).find((i) => i.path === "containers[0].image")?.message;
    expect(apiMessage).to.be.a("string");
    expect(await errorOf(page, "containers[0].image").textContent()).to.equal(apiMessage);
    expect(await effects.textContent()).to.equal("Fix the values above to see what the update re-creates.");

    await input(page, "containers[0].image").fill(EDITED_IMAGE);
    await errorOf(page, "containers[0].image").waitFor({ state: "detached" });
    await page.getByLabel("Value 1").fill("green");
    await effects.getByText("Saving re-creates web; sidecar keeps running.").waitFor();
    // A port is the sandbox's: the page says every container would restart.
    await page.getByRole("button", { name: "Add port" }).click();
    await input(page, "containers[0].ports[0].port").fill("8080");
    await effects.getByText("The ports change, which re-creates the group's sandbox: every container restarts (web, sidecar).").waitFor();
    await page.getByRole("button", { name: "Remove ports 1" }).click();
    await effects.getByText("Saving re-creates web; sidecar keeps running.").waitFor();
    await page.setViewportSize({ width: DESKTOP.width, height: 1000 });
    await page.evaluate("window.scrollTo(0, document.querySelector('form.editor').getBoundingClientRect().top + window.scrollY - 70)");
    await shot("group-edit");
    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved. The engine re-creates web; sidecar keeps running.").waitFor();

    const after = await t.api.waitForGroup(
      groupId,
      `to run web again from ${EDITED_IMAGE}`,
      (g) => g.status === "running" && g.containers[0].image === EDITED_IMAGE && g.containers[0].env.APP_MODE === "green" && g.containers[0].state === "running" && g.containers[0].startedAt !== webStarted,
    );
    await waitFor("the page to show web's new start", async () => ((await started("web")) === after.containers[0].startedAt ? true : undefined));
    await rowWith(page, "web").getByText(EDITED_IMAGE).waitFor();
    const sidecar = (g: ContainerGroup) => g.containers.find((c) => c.name === "sidecar")!;
    expect([sidecar(after).startedAt, sidecar(after).restartCount]).to.deep.equal([sidecar(before).startedAt, sidecar(before).restartCount]);
    expect(await started("sidecar")).to.equal(sidecar(before).startedAt);
    expect(await rowWith(page, "sidecar").locator("td[data-label=Restarts]").textContent()).to.equal(String(sidecar(before).restartCount));
  });

  it("refuses an edit of a group someone else changed meanwhile (409), says so and shows the group as it is now", async () => {
    await page.getByRole("button", { name: "Edit sidecar" }).click();
    await page.getByText("Command, arguments, working directory, log size").click();
    await input(page, "containers[1].workingDir").fill("/tmp");
    await page.locator(".update-effects").getByText("Saving re-creates sidecar; web keeps running.").waitFor();
    // Someone else changes the group's labels (no container restarts): its version moves on.
    const current = await t.api.getGroup(groupId);
    const spec = Object.fromEntries(Object.entries(current).filter(([k]) => (CONTAINER_GROUP_SPEC_KEYS as readonly string[]).includes(k)));
    const containers = current.containers.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => (CONTAINER_SPEC_KEYS as readonly string[]).includes(k))));
    const other = await t.api.request("PUT", `/v1/container-groups/${groupId}`, { ...spec, containers, labels: { team: "shop", changed: "elsewhere" } });
    expect(other.status, JSON.stringify(other.body)).to.equal(200);

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText(`Not saved: someone else changed shop-web while you edited it (version ${current.version} when you opened the editor, now ${other.body.version}). The page shows it as it is now; make your edit again.`).waitFor();
    await page.locator(".facts").getByText(/changed=elsewhere/).waitFor();
    expect(await page.locator("form.editor").count()).to.equal(0);
    await shot("group-edit-conflict");
    const group = await t.api.getGroup(groupId);
    expect([group.version, group.containers[1].workingDir ?? null]).to.deep.equal([other.body.version, null]);
  });

  it("deletes the group after asking", async () => {
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete shop-web?" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/groups$/);
    await page.getByText("No container groups yet.").waitFor({ timeout: 30_000 });
    expect((await t.api.request("GET", `/v1/container-groups/${groupId}`)).status).to.equal(404);
  });

  it("creates a registry credential and a disk through their pages", async () => {
    await nav("Registry credentials");
    await page.getByRole("button", { name: "Create registry credential" }).click();
    await input(page, "server").fill("127.0.0.1:5000");
    await input(page, "username").fill("ci");
    await input(page, "password").fill("s3cret-password");
    await page.getByRole("button", { name: "Create registry credential" }).last().click();
    await page.getByText(/Created registry credential 127\.0\.0\.1:5000 \(rc-[a-z0-9]{8}\)/).waitFor();
    await rowWith(page, "127.0.0.1:5000").getByText("ci", { exact: true }).waitFor();
    await shot("registry-credentials");

    await nav("Disks");
    await page.getByRole("button", { name: "Create disk" }).click();
    await input(page, "name").fill("orders-data");
    await input(page, "sizeGB").fill("25");
    await page.getByRole("button", { name: "Create disk" }).last().click();
    expect(await errorOf(page, "sizeGB").textContent()).to.equal("must be a multiple of 10");
    await shot("disks");
    await input(page, "sizeGB").fill("30");
    await page.getByRole("button", { name: "Create disk" }).last().click();
    await rowWith(page, "orders-data").getByText("30 GB").waitFor();
    const disks = (await t.api.request("GET", "/v1/disks")).body.items as Array<{ name: string; sizeGB: number }>;
    expect(disks.map((d) => [d.name, d.sizeGB])).to.deep.equal([["orders-data", 30]]);
  });

  it("shows the other resource pages", async () => {
    await t.api.request("POST", "/v1/eips", { name: "shop-ip" });
    await t.api.request("POST", "/v1/security-groups", { name: "web-only", rules: [{ priority: 1, protocol: "TCP", ports: "80", action: "accept" }] });
    const vpc = await t.api.request("POST", "/v1/vpcs", { name: "shop-net", cidr: "10.77.0.0/16" });
    await t.api.request("POST", "/v1/vxnets", { name: "shop-a", vpcId: vpc.body.id, cidr: "10.77.1.0/24" });
    for (const [label, name, text] of [
      ["Image caches", "image-caches", "No image caches yet."],
      ["VPCs", "vpcs", "shop-net"],
      ["Vxnets", "vxnets", "shop-a"],
      ["EIPs", "eips", "shop-ip"],
    ]) {
      await nav(label);
      await page.getByText(text).first().waitFor();
      await shot(name);
    }
  });

  it("shows an image cache's page: its image with digest and sizes, the space used; renames it and deletes it", async () => {
    const registry = await TestRegistry.start();
    // An image of its own (not the test busybox), so stopping the registry removes only what this test pulled.
    const local = `eci-test/console-cache:${Date.now().toString(36)}`;
    await buildScratchImage(docker, local, [{ name: "hello.txt", content: "cached\n" }], ["/hello.txt"]);
    let credentialId: string | undefined;
    try {
      const image = await registry.push(local, "team/app:1");
      credentialId = (await t.api.request("POST", "/v1/registry-credentials", { server: registry.server, username: registry.username, password: registry.password })).body.id;
      const created = await t.api.request("POST", "/v1/image-caches", { name: "shop-images", images: [image], registryCredentialIds: [credentialId], sizeGB: 20 });
      expect(created.status, JSON.stringify(created.body)).to.equal(202);
      const cache = await waitFor("the cache to be available", async () => {
        const c = (await t.api.request("GET", `/v1/image-caches/${created.body.id}`)).body;
        return c.status === "available" ? c : undefined;
      });
      const [cached] = cache.cachedImages as Array<{ image: string; digest: string }>;
      expect(cached.digest).to.match(/^sha256:[0-9a-f]{64}$/);

      await nav("Image caches");
      await rowWith(page, "shop-images").getByRole("link", { name: "shop-images" }).click();
      await page.waitForURL(`**/image-caches/${cache.id}`);
      await page.getByRole("heading", { name: "shop-images" }).waitFor();
      const row = rowWith(page, image);
      await row.getByText(cached.digest).waitFor();
      expect(await page.getByText("available", { exact: true }).count()).to.equal(1);
      await page.locator(".facts").getByText(/ of 20 GB \(/).waitFor();

      await page.getByRole("button", { name: "Edit name and description" }).click();
      await input(page, "name").fill("");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      const refused = await t.api.request("PUT", `/v1/image-caches/${cache.id}`, { name: "", images: [image], registryCredentialIds: [credentialId], sizeGB: 20 });
      const nameMessage = (refused.body.details as Array<{ path: string; message: string }>).find((i) => i.path === "name")?.message;
      expect(nameMessage).to.be.a("string");
      expect(await errorOf(page, "name").textContent()).to.equal(nameMessage);
      await input(page, "name").fill("shop-images-2");
      await input(page, "description").fill("The shop's images, pulled ahead.");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText("Saved shop-images-2.").waitFor();
      await page.getByRole("heading", { name: "shop-images-2" }).waitFor();
      await page.locator(".facts").getByText("The shop's images, pulled ahead.").waitFor();
      await shot("image-cache");
      const renamed = (await t.api.request("GET", `/v1/image-caches/${cache.id}`)).body;
      expect([renamed.name, renamed.description, renamed.images]).to.deep.equal(["shop-images-2", "The shop's images, pulled ahead.", [image]]);

      await page.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("dialog", { name: "Delete image cache shop-images-2?" }).getByRole("button", { name: "Delete" }).click();
      await page.waitForURL(/\/image-caches$/);
      await waitFor("the cache to be gone", async () => ((await t.api.request("GET", `/v1/image-caches/${cache.id}`)).status === 404 ? true : undefined), { timeoutMs: 30_000 });
    } finally {
      for (const c of (await t.api.request("GET", "/v1/image-caches")).body.items as Array<{ id: string }>) await t.api.request("DELETE", `/v1/image-caches/${c.id}`);
      if (credentialId) await t.api.request("DELETE", `/v1/registry-credentials/${credentialId}`);
      await registry.stop();
      await docker.getImage(local).remove({ force: true }).catch(() => undefined);
    }
  });

  it("puts the engine's 422 at the field it names: a vxnet outside its VPC's range", async () => {
    await nav("Vxnets");
    await page.getByRole("button", { name: "Create vxnet" }).click();
    await input(page, "name").fill("shop-b");
    await input(page, "vpcId").selectOption(await idOf("/v1/vpcs", "shop-net"));
    await input(page, "cidr").fill("10.99.1.0/24");
    await page.getByRole("button", { name: "Create vxnet" }).last().click();
    expect(await errorOf(page, "cidr").textContent()).to.equal("is not inside the VPC's range 10.77.0.0/16");
    await input(page, "cidr").fill("10.77.2.0/24");
    await page.getByRole("button", { name: "Create vxnet" }).last().click();
    await rowWith(page, "shop-b").getByText("10.77.2.0/24").waitFor();
  });

  it("takes the wizard back to the step of a field the engine refused", async () => {
    await nav("Container groups");
    await page.getByRole("link", { name: "Create group" }).click();
    await input(page, "containers[0].image").fill(TEST_IMAGES.busybox);
    await page.getByRole("button", { name: "Next: Volumes" }).click();
    await page.getByRole("button", { name: "Next: Network" }).click();
    await page.getByRole("radio", { name: /^VPC/ }).check();
    await input(page, "network.vxnetId").selectOption(await idOf("/v1/vxnets", "shop-a"));
    await input(page, "network.privateIp").fill("10.99.0.5");
    await page.getByRole("button", { name: "Next: Basic information" }).click();
    await input(page, "name").fill("vpc-web");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Step 3 of 4: Network" }).waitFor();
    expect(await errorOf(page, "network.privateIp").textContent()).to.match(/^is not a usable address of vxnet vxnet-[a-z0-9]{8} \(10\.77\.1\.0\/24, less its first two and last addresses\)$/);
    expect((await t.api.request("GET", "/v1/container-groups")).body.total).to.equal(0);
    await page.getByRole("link", { name: "Cancel" }).click();
  });

  it("creates a security group with a rule, showing a bad rule's message at its field", async () => {
    await nav("Security groups");
    await rowWith(page, "web-only").waitFor();
    await page.getByRole("button", { name: "Create security group" }).click();
    await input(page, "name").fill("ssh-in");
    await page.getByRole("button", { name: "Add rule" }).click();
    await input(page, "rules[0].priority").fill("5");
    await input(page, "rules[0].ports").fill("22-99999");
    await page.getByRole("button", { name: "Create security group" }).last().click();
    expect(await errorOf(page, "rules[0].ports").textContent()).to.equal("must be ports 1–65535, the first no greater than the last");
    await shot("security-groups");
    await input(page, "rules[0].ports").fill("22");
    await page.getByRole("button", { name: "Create security group" }).last().click();
    await rowWith(page, "ssh-in").getByText("5: accept ingress TCP 22 from 0.0.0.0/0").waitFor();
  });

  it("creates a standby pool from a group's spec, sees it ready, changes its capacity online, claims a running group in the wizard, and deletes the pool", async () => {
    const template = await t.api.createGroup({
      name: "warm-template",
      labels: { tier: "web" },
      containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sh", "-c", "sleep 3600"], env: { MODE: "warm" }, volumeMounts: [{ volume: "config", mountPath: "/etc/app" }] }],
      volumes: [{ name: "config", configFile: { files: [{ path: "app.conf", content: "mode=warm\n" }] } }],
    });
    const claimed: string[] = [];
    try {
      await nav("Standby pools");
      await page.getByText("No standby pools yet.").waitFor();
      await page.getByRole("button", { name: "Create standby pool" }).click();
      await input(page, "name").fill("warm-web");
      await input(page, "profile").fill("{ not json");
      await page.getByRole("button", { name: "Create standby pool" }).last().click();
      expect(await errorOf(page, "profile").textContent()).to.match(/^is not JSON: /);
      await input(page, "profile").fill(JSON.stringify({ name: "warm", containers: [{ name: "app", image: "Not An Image!" }] }));
      await page.getByRole("button", { name: "Create standby pool" }).last().click();
      expect(await errorOf(page, "profile").textContent()).to.equal("containers[0].image: must be an image reference such as registry.example.com/team/app:1.2");
      // The form moves the focus (and the scroll) to its list of problems on the next frame.
      await page.waitForFunction("document.activeElement?.classList.contains('issue-summary')");
      await shot("standby-pool-create");
      await input(page, "profile-copy").selectOption(template.id);
      expect(JSON.parse(await input(page, "profile").inputValue())).to.deep.include({ name: "warm-template", labels: { tier: "web" } });
      await page.getByRole("button", { name: "Create standby pool" }).last().click();
      await page.getByText(/Created standby pool warm-web \(sp-[a-z0-9]{8}\)/).waitFor();
      const poolId = await idOf("/v1/standby-pools", "warm-web");
      const row = rowWith(page, "warm-web");
      await row.getByText("ready", { exact: true }).waitFor({ timeout: 30_000 });
      expect(await row.locator("td[data-label=Ready]").textContent()).to.equal("1 / 1");
      await shot("standby-pools");

      await row.getByRole("button", { name: "Capacity" }).click();
      const dialog = page.getByRole("dialog", { name: "Ready capacity of warm-web" });
      await dialog.getByLabel("Groups kept ready").fill("25");
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByText("Ready capacity Too big: expected number to be <=20").waitFor();
      await dialog.getByLabel("Groups kept ready").fill("2");
      await dialog.getByRole("button", { name: "Save" }).click();
      await page.getByText("Standby pool warm-web now keeps 2 ready.").waitFor();
      await waitFor("the pool to keep 2 ready", async () => ((await row.locator("td[data-label=Ready]").textContent()) === "2 / 2" ? true : undefined), { timeoutMs: 30_000 });
      await row.getByText("ready", { exact: true }).waitFor();

      await nav("Container groups");
      await page.getByRole("link", { name: "Create group" }).click();
      await input(page, "standbyPoolId").selectOption(poolId);
      expect(await input(page, "containers[0].image").inputValue()).to.equal(TEST_IMAGES.busybox);
      await shot("create-claim");
      for (const next of ["Next: Volumes", "Next: Network", "Next: Basic information"]) await page.getByRole("button", { name: next }).click();
      await input(page, "name").fill("claimed-web");
      await page.getByRole("button", { name: "Create" }).click();
      await page.waitForURL(/\/groups\/cg-[a-z0-9]{8}$/);
      claimed.push(/cg-[a-z0-9]{8}/.exec(page.url())![0]);
      const group = await t.api.getGroup(claimed[0]);
      expect([group.name, group.status, group.healthStatus, group.labels]).to.deep.equal(["claimed-web", "running", "healthy", {}]);
      await page.getByRole("heading", { name: "claimed-web" }).waitFor();

      await nav("Standby pools");
      await rowWith(page, "warm-web").getByRole("button", { name: "Delete" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete standby pool warm-web?" });
      await confirm.getByText("The groups it holds are deleted with it; groups claimed from it stay.").waitFor();
      await confirm.getByRole("button", { name: "Delete" }).click();
      await page.getByText(`Deleted standby pool warm-web (${poolId}).`).waitFor();
      await page.getByText("No standby pools yet.").waitFor();
      expect((await t.api.request("GET", `/v1/standby-pools/${poolId}`)).status).to.equal(404);
    } finally {
      for (const pool of (await t.api.request("GET", "/v1/standby-pools")).body.items as Array<{ id: string }>) await t.api.request("DELETE", `/v1/standby-pools/${pool.id}`);
      for (const id of [template.id, ...claimed]) await t.api.request("DELETE", `/v1/container-groups/${id}`);
    }
  });

  it("shows the bill, with the deleted group on it, and the quotas", async () => {
    await nav("Billing");
    await rowWith(page, "shop-web").getByText("container-group").waitFor();
    await page.getByText("Total").waitFor();
    await shot("billing");
    await nav("Quotas");
    await page.getByRole("heading", { name: "Standard container groups" }).waitFor();
    await shot("quotas");
  });

  it("creates an access key showing its secret once, which works until the key is deleted through the page", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.api.url });
    await nav("Access keys");
    // The account's only key is the one this browser logged in with.
    await rowWith(page, "initial").getByText("this browser", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Create access key" }).click();
    await input(page, "name").fill("ci");
    await page.getByRole("button", { name: "Create access key" }).last().click();
    await page.getByText("you will not see it again").waitFor();
    const secret = await page.getByLabel("Secret").inputValue();
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByText("Copied to the clipboard.").waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).to.equal(secret);
    expect((await t.api.request("GET", "/v1/quotas", undefined, secret)).status).to.equal(200);
    const id = await idOf("/v1/access-keys", "ci");
    await rowWith(page, id).getByText("ci", { exact: true }).waitFor();
    await shot("access-keys");

    await page.reload();
    const row = rowWith(page, id);
    await row.locator("td[data-label='Last used']").getByText(/ago$/).waitFor();
    await rowWith(page, "initial").getByText("this browser", { exact: true }).waitFor();
    expect(await page.getByLabel("Secret").count()).to.equal(0);
    expect(await page.content()).not.to.include(secret);
    await page.setViewportSize(PHONE);
    await shot("access-keys-phone");
    await page.setViewportSize(DESKTOP);

    await row.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete access key ci (${id})?` });
    await dialog.getByText("Every client that still sends it is refused").waitFor();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText(`Deleted access key ci (${id}).`).waitFor();
    await row.waitFor({ state: "detached" });
    expect((await t.api.request("GET", "/v1/quotas", undefined, secret)).status).to.equal(401);
  });

  it("rotates the key a browser uses: a new key taken over in place, then the old one and, after a warning, the new one deleted", async () => {
    const old = await t.api.request("POST", "/v1/access-keys", { name: "old-laptop" });
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const other = await context.newPage();
      await other.goto(`${t.api.url}/access-keys`);
      await other.getByLabel("Access key").fill(old.body.secret);
      await other.getByRole("button", { name: "Log in" }).click();
      // Several keys: the one this browser logged in with is marked, and only that one.
      await rowWith(other, "old-laptop").getByText("this browser", { exact: true }).waitFor();
      expect(await other.getByText("this browser", { exact: true }).count()).to.equal(1);

      await other.getByRole("button", { name: "Create access key" }).click();
      await input(other, "name").fill("new-laptop");
      await other.getByRole("button", { name: "Create access key" }).last().click();
      const secret = await other.getByLabel("Secret").inputValue();
      await other.getByRole("button", { name: "Use it in this browser" }).click();
      await other.getByText(/This browser now uses access key new-laptop/).waitFor();
      await other.getByRole("button", { name: "Done" }).click();
      await rowWith(other, "new-laptop").getByText("this browser", { exact: true }).waitFor();
      await other.reload();
      await rowWith(other, "new-laptop").getByText("this browser", { exact: true }).waitFor();
      expect(await rowWith(other, "old-laptop").getByText("this browser", { exact: true }).count()).to.equal(0);

      await rowWith(other, "old-laptop").getByRole("button", { name: "Delete" }).click();
      await other.getByRole("dialog", { name: /Delete access key old-laptop/ }).getByRole("button", { name: "Delete", exact: true }).click();
      await rowWith(other, "old-laptop").waitFor({ state: "detached" });
      expect((await t.api.request("GET", "/v1/quotas", undefined, old.body.secret)).status).to.equal(401);
      expect((await t.api.request("GET", "/v1/quotas", undefined, secret)).status).to.equal(200);

      await rowWith(other, "new-laptop").getByRole("button", { name: "Delete" }).click();
      const dialog = other.getByRole("dialog", { name: /Delete access key new-laptop/ });
      await dialog.getByText("This is the key this browser uses").waitFor();
      await other.screenshot({ path: path.join(SHOTS, "access-key-delete.png") });
      await dialog.getByRole("button", { name: "Delete the key this browser uses" }).click();
      await other.getByText("The engine refused the access key (The access key is not valid). Log in again.").waitFor();
      await other.getByLabel("Access key").waitFor();
      expect((await t.api.request("GET", "/v1/quotas", undefined, secret)).status).to.equal(401);
    } finally {
      await context.close();
    }
  });

  it("returns to the login screen when the engine refuses the key mid-session", async () => {
    const created = await t.api.request("POST", "/v1/access-keys", { name: "short-lived" });
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const other = await context.newPage();
      await other.goto(`${t.api.url}/quotas`);
      await other.getByLabel("Access key").fill(created.body.secret);
      await other.getByRole("button", { name: "Log in" }).click();
      await other.getByRole("heading", { name: "Quotas" }).waitFor();
      expect((await t.api.request("DELETE", `/v1/access-keys/${created.body.id}`)).status).to.equal(204);
      await other.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Disks", exact: true }).click();
      await other.getByText("The engine refused the access key (The access key is not valid). Log in again.").waitFor();
      await other.getByLabel("Access key").waitFor();
    } finally {
      await context.close();
    }
  });

  it("ran without an error in the page or a resource its security policy blocked", () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
