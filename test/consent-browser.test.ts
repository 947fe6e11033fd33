// The OAuth consent page and Connected apps in headless Chromium, against the embedded server: an MCP
// client registers itself (Dynamic Client Registration, RFC 7591), sends the user to /oauth/authorize
// (PKCE S256, RFC 7636; resource indicator, RFC 8707), the user signs in and answers on the page, and
// the browser lands on the client's loopback redirect URI with the code (or access_denied).
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { uniqueUsername } from "./support/app.ts";
import { eventually } from "./support/eventually.ts";
import { repoRoot, startEmbedded } from "./support/processes.ts";
import { testEnv } from "./support/env.ts";
import { axeSeriousViolations, ensureWebBuilt } from "./support/web-page.ts";

const browserPath = testEnv.CHROMIUM_PATH;
const haveBrowser = existsSync(browserPath);
const ZONE = "Europe/Berlin";
const BROWSER_TEST_TIMEOUT_MS = 180_000;
const artifacts = path.join(repoRoot, "test-artifacts");
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 375, height: 812 };
const PASSWORD = "a long password";

describe.skipIf(!haveBrowser && !testEnv.CI)("the consent page and Connected apps in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;
  /** The MCP client's own loopback page, where the authorization server sends the browser back. */
  let callback: Server;
  let callbackOrigin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-consent-"));
    callback = createServer((request, response) => {
      if (request.url?.startsWith("/logo.png")) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>Back in the app</title><p>Done.</p>");
    });
    await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
    callbackOrigin = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
    server = await startEmbedded({ TODO_DATA_DIR: dataDir });
    browser = await chromium.launch({
      executablePath: browserPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ timezoneId: ZONE, viewport });
    onTestFinished(() => context.close());
    return context.newPage();
  }

  async function signUp(): Promise<string> {
    const username = uniqueUsername("consent");
    const response = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD, timeZone: ZONE }),
    });
    expect(response.status).toBe(201);
    return username;
  }

  /** Registers a public client by Dynamic Client Registration and builds its authorization request. */
  async function registerAndAuthorize(name: string) {
    const redirectUri = `${callbackOrigin}/oauth/callback`;
    const registered = await fetch(`${server.url}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: name,
        logo_uri: `${callbackOrigin}/logo.png`,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(registered.status).toBe(201);
    const client = (await registered.json()) as { client_id: string; client_name: string; logo_uri?: string };
    expect(client.client_name).toBe(name);
    expect(client.logo_uri).toBe(`${callbackOrigin}/logo.png`);
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(8).toString("hex");
    const authorize = new URL(`${server.url}/oauth/authorize`);
    for (const [key, value] of Object.entries({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state,
      scope: "tasks:read tasks:write",
      resource: `${server.url}/mcp`,
    }))
      authorize.searchParams.set(key, value);
    return { clientId: client.client_id, redirectUri, verifier, state, authorize };
  }

  /** Opens the authorization request signed out, signs in on the page, and waits for the consent card. */
  async function signInToConsent(page: Page, authorize: URL, username: string) {
    await page.goto(authorize.href);
    await page.getByText("Sign in to connect an app to your tasks.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/consent");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Allow" }).waitFor();
  }

  const mcpStatus = async (accessToken: string) =>
    (
      await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "consent-test", version: "1.0.0" } },
        }),
      })
    ).status;

  it(
    "signs in, shows the app, where it returns and what it may do; Allow returns a code that the token endpoint exchanges; Disconnect ends the access",
    async () => {
      const username = await signUp();
      const { clientId, redirectUri, verifier, state, authorize } = await registerAndAuthorize("Claude Desktop");
      const page = await newPage();
      await signInToConsent(page, authorize, username);

      const card = page.locator("main section.card");
      await expect.poll(() => card.getByRole("heading", { level: 2 }).textContent()).toBe("Claude Desktop");
      const text = (await card.textContent()) ?? "";
      expect(text).toContain(`wants to use your tasks as ${username}`);
      expect(text).toContain(`It will send you back to ${new URL(callbackOrigin).host}`);
      expect(await card.locator(".scopes li").allTextContents()).toEqual([
        "See your tasks: list them and read their details",
        "Change your tasks: add, update, complete and delete them",
      ]);
      expect(text).not.toContain("tasks:read");
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        expect(await axeSeriousViolations(page), `axe on the consent page at ${viewport.width}`).toEqual([]);
        await page.screenshot({ path: path.join(artifacts, `consent-${viewport.width}.png`) });
      }
      await page.setViewportSize(DESKTOP);

      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      const landed = new URL(page.url());
      expect(landed.searchParams.get("state")).toBe(state);
      const code = landed.searchParams.get("code") ?? "";
      expect(code).not.toBe("");

      const exchanged = await fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: clientId,
          code_verifier: verifier,
          resource: `${server.url}/mcp`,
        }),
      });
      expect(exchanged.status).toBe(200);
      const tokens = (await exchanged.json()) as { access_token: string; token_type: string; scope: string };
      expect(tokens.token_type).toBe("Bearer");
      expect(tokens.scope.split(" ").sort()).toEqual(["tasks:read", "tasks:write"]);
      expect(await mcpStatus(tokens.access_token)).toBe(200);

      // Connected apps lists it, in words; Disconnect removes it and the token stops working at once.
      await page.goto(`${server.url}/apps`);
      const list = page.getByRole("list", { name: "Connected apps" });
      const app = list.getByRole("listitem").filter({ hasText: "Claude Desktop" });
      await app.waitFor();
      expect(await app.locator(".hint").textContent()).toMatch(
        /^Can see and change your tasks \(add, update, complete and delete them\)\. Connected .+\.$/,
      );
      expect(await axeSeriousViolations(page), "axe on Connected apps").toEqual([]);
      await page.screenshot({ path: path.join(artifacts, "connected-apps-1280.png") });
      await app.getByRole("button", { name: "Disconnect Claude Desktop" }).click();
      await page.getByText("No apps are connected.").waitFor();
      await eventually(async () => expect(await mcpStatus(tokens.access_token)).toBe(401));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "Deny sends the browser back with error=access_denied and the state, and connects nothing",
    async () => {
      const username = await signUp();
      const { redirectUri, state, authorize } = await registerAndAuthorize("Curious Bot");
      const page = await newPage();
      await signInToConsent(page, authorize, username);
      await page.getByRole("button", { name: "Deny" }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      const landed = new URL(page.url());
      expect(landed.searchParams.get("error")).toBe("access_denied");
      expect(landed.searchParams.get("state")).toBe(state);
      expect(landed.searchParams.has("code")).toBe(false);
      await page.goto(`${server.url}/apps`);
      await page.getByText("No apps are connected.").waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
