import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Database } from "@todo/db";
import { parseUrlPattern } from "../mcp-server/src/oauth/client-metadata.ts";
import { databaseTargets } from "./support/databases.ts";
import { testApp, uniqueUsername } from "./support/app.ts";
import { listen } from "./support/http-server.ts";
import { serveDocuments } from "./support/https-server.ts";

const REDIRECT_URL = "http://127.0.0.1:8976/oauth/callback";
const NOW = "2026-06-10T14:00:00Z";

/** An MCP client's OAuth state, kept in memory as the SDK's OAuthClientProvider interface asks. */
class MemoryProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrl?: URL;
  constructor(
    readonly clientMetadata: OAuthClientMetadata,
    readonly clientMetadataUrl?: string,
  ) {}
  get redirectUrl() {
    return REDIRECT_URL;
  }
  state() {
    return "state-42";
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

const clientMetadata = (name: string): OAuthClientMetadata => ({
  client_name: name,
  redirect_uris: [REDIRECT_URL],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
});

describe.each(databaseTargets())("OAuth for MCP clients on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let server: { url: string; close(): Promise<void> };
  let documents: Awaited<ReturnType<typeof serveDocuments>>;
  const docs: Record<string, unknown> = {};
  let username: string;

  beforeAll(async () => {
    db = await target.open();
    documents = await serveDocuments(docs);
    t = testApp(db, NOW, {
      oauth: {
        accessTokenTtlSeconds: 60,
        refreshTokenTtlSeconds: 3600,
        // The metadata-document client is served on loopback: only an explicit allow-list entry lets that through.
        clientMetadata: { allow: [parseUrlPattern("https://127.0.0.1:*")], deny: [], ca: documents.ca },
      },
    });
    server = await listen(t.app);
    username = uniqueUsername("oauth");
    await t.signup(username);
  });
  afterAll(async () => {
    await server?.close();
    await documents?.close();
    await db?.close();
  });

  /** What a user does on the consent page, over HTTP: signs in, reads the request, answers; returns the URL the page navigates to. */
  async function consent(authorizationUrl: URL, allow: boolean): Promise<URL> {
    const redirected = await fetch(authorizationUrl, { redirect: "manual" });
    expect(redirected.status).toBe(302);
    const consentPage = new URL(redirected.headers.get("location") ?? "");
    expect(consentPage.origin + consentPage.pathname).toBe(`${server.url}/consent`);
    const requestId = consentPage.searchParams.get("request") ?? "";
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "correct horse" }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const shown = await fetch(`${server.url}/api/oauth/requests/${requestId}`, { headers: auth });
    expect(shown.status).toBe(200);
    const view = (await shown.json()) as {
      client: { name: string };
      redirectHost: string;
      scopes: Array<{ name: string; description: string }>;
      expiresAt: string;
    };
    expect(view.redirectHost).toBe("127.0.0.1:8976");
    expect(view.scopes.map((scope) => scope.name)).toEqual(["tasks:read", "tasks:write"]);
    expect(view.scopes.every((scope) => scope.description.length > 10)).toBe(true);
    expect(new Date(view.expiresAt).getTime()).toBeGreaterThan(new Date(NOW).getTime());
    const decided = await fetch(`${server.url}/api/oauth/requests/${requestId}/decision`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ allow }),
    });
    expect(decided.status).toBe(200);
    const { redirectTo } = (await decided.json()) as { redirectTo: string };
    const target = new URL(redirectTo);
    expect(target.origin + target.pathname).toBe(REDIRECT_URL);
    expect(target.searchParams.get("state")).toBe("state-42");
    expect(target.searchParams.get("iss")).toBe(server.url);
    const again = await fetch(`${server.url}/api/oauth/requests/${requestId}`, { headers: auth });
    expect(again.status).toBe(404);
    return target;
  }

  /** The SDK client's whole first connection: 401, discovery, registration, consent, token exchange, connected. */
  async function connectWithOAuth(provider: MemoryProvider): Promise<Client> {
    const mcpUrl = new URL("/mcp", server.url);
    const first = new Client({ name: "oauth-test", version: "1.0.0" });
    await expect(first.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl).toBeDefined();
    const authorizationUrl = provider.authorizationUrl as URL;
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(`${server.url}/mcp`);
    const code = (await consent(authorizationUrl, true)).searchParams.get("code") ?? "";
    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
    await transport.finishAuth(code);
    const client = new Client({ name: "oauth-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
    return client;
  }

  async function mcpCall(token: string, name: string, args: Record<string, unknown>): Promise<Response> {
    return fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
    });
  }

  async function tokenRequest(params: Record<string, string>): Promise<Response> {
    return fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
  }

  it("refuses /mcp without a token with 401 and a WWW-Authenticate naming the resource metadata and scopes", async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp", scope="tasks:read tasks:write"`,
    );
    const bad = await mcpCall("todo_oat_not-a-real-token-at-all-00000000000", "list_tasks", {});
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"');

    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const metadata = (await (await fetch(`${server.url}${path}`)).json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        resource: `${server.url}/mcp`,
        authorization_servers: [server.url],
        scopes_supported: ["tasks:read", "tasks:write"],
      });
    }
    const as = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(as).toMatchObject({
      issuer: server.url,
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      registration_endpoint: `${server.url}/oauth/register`,
    });
  });

  it("connects the SDK client by dynamic registration, refreshes an expired token, and ends every token when the app is disconnected", async () => {
    const provider = new MemoryProvider(clientMetadata("Registered Assistant"));
    const client = await connectWithOAuth(provider);
    expect(provider.client?.client_id).toMatch(/^todo_client_/);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("add_task");
    const added = await client.callTool({ name: "add_task", arguments: { title: "call the plumber" } });
    expect(added.isError).toBeFalsy();

    // The access token lives 60 s: past that the SDK client refreshes on its own and the call goes through.
    const before = provider.saved as OAuthTokens;
    t.clock.set(new Date(Date.parse(NOW) + 5 * 60_000));
    try {
      const listed = await client.callTool({ name: "list_tasks", arguments: {} });
      expect((listed.structuredContent as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title)).toEqual(["call the plumber"]);
      expect(provider.saved?.access_token).not.toBe(before.access_token);
      expect(provider.saved?.refresh_token).not.toBe(before.refresh_token);
      expect((await mcpCall(before.access_token, "list_tasks", {})).status).toBe(401);
    } finally {
      t.clock.set(NOW);
    }

    const login = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "correct horse" }),
      })
    ).json()) as { token: string };
    const web = { authorization: `Bearer ${login.token}` };
    const { apps } = (await (await fetch(`${server.url}/api/connected-apps`, { headers: web })).json()) as {
      apps: Array<{ clientId: string; name: string; scopes: string[]; connectedAt: string; lastUsedAt: string | null; logoUri: string | null }>;
    };
    const app = apps.find((entry) => entry.clientId === provider.client?.client_id);
    expect(app).toMatchObject({ name: "Registered Assistant", scopes: ["tasks:read", "tasks:write"], logoUri: null });
    expect(app?.lastUsedAt).not.toBeNull();

    const current = provider.saved?.access_token ?? "";
    expect((await mcpCall(current, "list_tasks", {})).status).toBe(200);
    const revoked = await fetch(`${server.url}/api/connected-apps/${encodeURIComponent(app?.clientId ?? "")}`, { method: "DELETE", headers: web });
    expect(revoked.status).toBe(204);
    const after = await mcpCall(current, "list_tasks", {});
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: provider.saved?.refresh_token ?? "",
      client_id: app?.clientId ?? "",
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
    await client.close();
  });

  it("connects the SDK client by a client metadata document URL, showing the document's name and logo on the consent", async () => {
    const documentUrl = `${documents.url}/clients/assistant.json`;
    docs["/clients/assistant.json"] = {
      client_id: documentUrl,
      client_name: "Document Assistant",
      logo_uri: "https://assistant.example/logo.png",
      client_uri: "https://assistant.example/",
      redirect_uris: [REDIRECT_URL],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
    const provider = new MemoryProvider(clientMetadata("ignored: the document names the client"), documentUrl);
    const client = await connectWithOAuth(provider);
    expect(provider.client?.client_id).toBe(documentUrl);
    const result = await client.callTool({ name: "list_tasks", arguments: {} });
    expect(result.isError).toBeFalsy();
    const login = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "correct horse" }),
      })
    ).json()) as {
      token: string;
    };
    const { apps } = (await (await fetch(`${server.url}/api/connected-apps`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as {
      apps: Array<{ clientId: string; name: string; logoUri: string | null }>;
    };
    expect(apps.find((app) => app.clientId === documentUrl)).toMatchObject({
      name: "Document Assistant",
      logoUri: "https://assistant.example/logo.png",
    });
    await client.close();
  });

  it("answers a read-only token's add_task with 403 insufficient_scope naming tasks:write, and lets it read", async () => {
    const provider = new MemoryProvider(clientMetadata("Reader"));
    const client = await connectWithOAuth(provider);
    await client.close();
    // The client narrows its grant to tasks:read when it refreshes (RFC 6749 §6).
    const narrowed = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: provider.saved?.refresh_token ?? "",
      client_id: provider.client?.client_id ?? "",
      scope: "tasks:read",
    });
    expect(narrowed.status).toBe(200);
    const tokens = (await narrowed.json()) as OAuthTokens;
    expect(tokens.scope).toBe("tasks:read");
    const write = await mcpCall(tokens.access_token, "add_task", { title: "sneaky" });
    expect(write.status).toBe(403);
    expect(write.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_scope", scope="tasks:write", resource_metadata="[^"]+"/);
    const read = await mcpCall(tokens.access_token, "list_tasks", {});
    expect(read.status).toBe(200);
  });

  it("ends a whole token family when a rotated refresh token is used again, but not for a concurrent refresh a moment after the rotation", async () => {
    const provider = new MemoryProvider(clientMetadata("Replayed"));
    await (await connectWithOAuth(provider)).close();
    const clientId = provider.client?.client_id ?? "";
    const first = provider.saved as OAuthTokens;
    const refresh = (token: string | undefined) => tokenRequest({ grant_type: "refresh_token", refresh_token: token ?? "", client_id: clientId });
    const [rotated, concurrent] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect([rotated.status, concurrent.status]).toEqual([200, 200]);
    const second = (await rotated.json()) as OAuthTokens;
    const sibling = (await concurrent.json()) as OAuthTokens;
    expect(sibling.access_token).not.toBe(second.access_token);
    expect((await mcpCall(second.access_token, "list_tasks", {})).status).toBe(200);
    // Half a minute later (past the 10 s grace, within the 60 s access lifetime) the old refresh token is a replay.
    t.clock.set(new Date(Date.parse(NOW) + 30_000));
    try {
      expect((await mcpCall(second.access_token, "list_tasks", {})).status).toBe(200);
      const replay = await refresh(first.refresh_token);
      expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
      expect((await mcpCall(second.access_token, "list_tasks", {})).status).toBe(401);
      expect((await mcpCall(sibling.access_token, "list_tasks", {})).status).toBe(401);
      expect((await refresh(second.refresh_token)).status).toBe(400);
    } finally {
      t.clock.set(NOW);
    }
  });

  it("sends a denial, a foreign resource and plain PKCE back to the app as errors, and shows an unknown client instead of redirecting", async () => {
    const provider = new MemoryProvider(clientMetadata("Denied"));
    const mcpUrl = new URL("/mcp", server.url);
    await expect(
      new Client({ name: "x", version: "1" }).connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    const authorizationUrl = provider.authorizationUrl as URL;
    const denied = await consent(authorizationUrl, false);
    expect(denied.searchParams.get("error")).toBe("access_denied");

    const errorOf = async (change: (url: URL) => void) => {
      const url = new URL(authorizationUrl);
      change(url);
      const response = await fetch(url, { redirect: "manual" });
      return { status: response.status, location: new URL(response.headers.get("location") ?? "http://none/") };
    };
    const foreign = await errorOf((url) => url.searchParams.set("resource", "https://elsewhere.example/mcp"));
    expect(foreign.location.searchParams.get("error")).toBe("invalid_target");
    const plain = await errorOf((url) => url.searchParams.set("code_challenge_method", "plain"));
    expect(plain.location.searchParams.get("error")).toBe("invalid_request");
    const unknown = await errorOf((url) => url.searchParams.set("client_id", "todo_client_nobody"));
    expect(unknown.status).toBe(400);
    const elsewhere = await errorOf((url) => url.searchParams.set("redirect_uri", "https://attacker.example/cb"));
    expect(elsewhere.status).toBe(400);
  });

  it("accepts a token on another replica over the same database, and a disconnect there ends it at once", async () => {
    // A second app over the same database, reached at another address, with the issuer both serve under (OAUTH_ISSUER).
    const replica = await listen(testApp(db, NOW, { oauth: { issuer: server.url } }).app);
    try {
      const provider = new MemoryProvider(clientMetadata("Replicated"));
      await (await connectWithOAuth(provider)).close();
      const access = provider.saved?.access_token ?? "";
      const viaReplica = (token: string) =>
        fetch(`${replica.url}/mcp`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_tasks", arguments: {} } }),
        });
      expect((await viaReplica(access)).status).toBe(200);
      const refreshed = await fetch(`${replica.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: provider.saved?.refresh_token ?? "",
          client_id: provider.client?.client_id ?? "",
        }),
      });
      const { access_token: rotated } = (await refreshed.json()) as OAuthTokens;
      expect((await mcpCall(rotated, "list_tasks", {})).status).toBe(200);
      const login = await fetch(`${replica.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "correct horse" }),
      });
      const { token } = (await login.json()) as { token: string };
      const clientId = encodeURIComponent(provider.client?.client_id ?? "");
      expect(
        (await fetch(`${replica.url}/api/connected-apps/${clientId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(204);
      expect((await mcpCall(rotated, "list_tasks", {})).status).toBe(401);
      expect((await viaReplica(access)).status).toBe(401);
    } finally {
      await replica.close();
    }
  });

  it("connects a confidential client that registered for client_secret_basic, and refuses a wrong secret", async () => {
    const provider = new MemoryProvider({ ...clientMetadata("Confidential"), token_endpoint_auth_method: "client_secret_basic" });
    const client = await connectWithOAuth(provider);
    expect(provider.client?.client_secret).toMatch(/^todo_ocs_/);
    expect((await client.callTool({ name: "list_tasks", arguments: {} })).isError).toBeFalsy();
    await client.close();
    const clientId = provider.client?.client_id ?? "";
    const wrong = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${clientId}:not-the-secret`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: provider.saved?.refresh_token ?? "" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    const none = await tokenRequest({ grant_type: "refresh_token", refresh_token: provider.saved?.refresh_token ?? "", client_id: clientId });
    expect(none.status).toBe(401);
  });

  it("answers bad input to every OAuth endpoint with an error that names what is wrong, never a 500", async () => {
    const form = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
    const cases: Array<[Promise<Response>, number, string]> = [
      [
        fetch(`${server.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
        400,
        "x-www-form-urlencoded",
      ],
      [form("grant_type=password"), 400, "grant_type"],
      [form("grant_type=authorization_code&grant_type=refresh_token"), 400, "grant_type must be given once"],
      [form("grant_type=authorization_code"), 401, "client_id"],
      [form("grant_type=refresh_token&client_id=x", { authorization: "Basic %%%" }), 401, "client_id:client_secret"],
      [
        fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: "not json" }),
        400,
        "invalid_client_metadata",
      ],
      [
        fetch(`${server.url}/oauth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ redirect_uris: ["http://evil.example/cb"], token_endpoint_auth_method: "none" }),
        }),
        400,
        "redirect_uris",
      ],
      [
        fetch(`${server.url}/oauth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ redirect_uris: [REDIRECT_URL], grant_types: ["client_credentials"] }),
        }),
        400,
        "grant_types",
      ],
      [fetch(`${server.url}/oauth/authorize`), 400, "client_id"],
    ];
    for (const [pending, status, text] of cases) {
      const response = await pending;
      const body = await response.text();
      expect(response.status, body).toBe(status);
      expect(body).toContain(text);
    }
    const { token } = await t.signup(uniqueUsername("badinput"));
    const web = { token };
    const apiCases: Array<[string, string, unknown, number, string]> = [
      ["GET", "/api/oauth/requests/short", undefined, 400, "requestId"],
      ["GET", "/api/oauth/requests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", undefined, 404, "start connecting again"],
      ["POST", "/api/oauth/requests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/decision", { allow: "yes" }, 400, "allow"],
      ["DELETE", "/api/connected-apps/nobody", undefined, 404, "No connected app"],
    ];
    for (const [method, path, body, status, text] of apiCases) {
      const response = await t.request(method, path, { ...web, body });
      expect(response.status, path).toBe(status);
      expect(await response.text()).toContain(text);
    }
    expect((await t.request("GET", "/api/connected-apps")).status).toBe(401);
  });

  it("keeps static API tokens working on /mcp", async () => {
    const { token } = await t.signup(uniqueUsername("static"));
    const created = await t.request("POST", "/api/auth/tokens", { token, body: { name: "ide" } });
    const { token: apiToken } = (await created.json()) as { token: string };
    expect((await mcpCall(apiToken, "add_task", { title: "from the IDE" })).status).toBe(200);
  });
});
