// The OAuth consent page and Connected apps in headless Chromium, against the embedded server: an MCP
// client registers itself (Dynamic Client Registration, RFC 7591), sends the user to /oauth/authorize
// (PKCE S256, RFC 7636; resource indicator, RFC 8707), the user signs in and answers on the page, and
// the browser lands on the client's loopback redirect URI with the code (or access_denied).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { eventually } from "./support/eventually.ts";
import { BROWSER_TEST_TIMEOUT_MS, canRunBrowserTests, DESKTOP, expectAccessible, MOBILE, screenshot, webTestBed } from "./support/web-page.ts";

const ZONE = "Europe/Berlin";
const PASSWORD = "a long password";

describe.skipIf(!canRunBrowserTests)("the consent page and Connected apps in headless Chromium", () => {
  const bed = webTestBed({ zone: ZONE, name: "consent" });
  const newPage = (viewport = DESKTOP) => bed.newPage({ viewport });
  /** A new user (password PASSWORD); returns the username to sign in with on the consent page. */
  const signUp = async () => (await bed.signUp("consent")).username;
  /** The MCP client's own loopback page, where the authorization server sends the browser back. */
  let callback: Server;
  let callbackOrigin: string;

  beforeAll(async () => {
    callback = createServer((request, response) => {
      if (request.url?.startsWith("/logo.png")) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>Back in the app</title><p>Done.</p>");
    });
    await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
    callbackOrigin = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
  });

  /** Registers a public client by Dynamic Client Registration and builds its authorization request. */
  async function registerAndAuthorize(name: string) {
    const redirectUri = `${callbackOrigin}/oauth/callback`;
    const registered = await fetch(`${bed.url}/oauth/register`, {
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
    const authorize = new URL(`${bed.url}/oauth/authorize`);
    for (const [key, value] of Object.entries({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state,
      scope: "tasks:read tasks:write",
      resource: `${bed.url}/mcp`,
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
      await fetch(`${bed.url}/mcp`, {
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
        await expectAccessible(page, `the consent page at ${viewport.width}`);
        await screenshot(page, `consent-${viewport.width}`);
      }
      await page.setViewportSize(DESKTOP);

      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      const landed = new URL(page.url());
      expect(landed.searchParams.get("state")).toBe(state);
      const code = landed.searchParams.get("code") ?? "";
      expect(code).not.toBe("");

      const exchanged = await fetch(`${bed.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: clientId,
          code_verifier: verifier,
          resource: `${bed.url}/mcp`,
        }),
      });
      expect(exchanged.status).toBe(200);
      const tokens = (await exchanged.json()) as { access_token: string; token_type: string; scope: string };
      expect(tokens.token_type).toBe("Bearer");
      expect(tokens.scope.split(" ").sort()).toEqual(["tasks:read", "tasks:write"]);
      expect(await mcpStatus(tokens.access_token)).toBe(200);

      // Connected apps lists it, in words; Disconnect removes it and the token stops working at once.
      await page.goto(`${bed.url}/apps`);
      const list = page.getByRole("list", { name: "Connected apps" });
      const app = list.getByRole("listitem").filter({ hasText: "Claude Desktop" });
      await app.waitFor();
      expect(await app.locator(".hint").textContent()).toMatch(
        /^Can see and change your tasks \(add, update, complete and delete them\)\. Connected .+\.$/,
      );
      await expectAccessible(page, "Connected apps");
      await screenshot(page, "connected-apps-1280");
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
      await page.goto(`${bed.url}/apps`);
      await page.getByText("No apps are connected.").waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
