import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkClientIdUrl,
  fetchClientMetadata,
  isPublicAddress,
  parseUrlPattern,
  type ClientMetadataPolicy,
} from "../mcp-server/src/oauth/client-metadata.ts";
import { listenHttps } from "./support/https-server.ts";

const REDIRECT = "http://127.0.0.1:9999/callback";

describe("fetching a client metadata document", () => {
  let server: Awaited<ReturnType<typeof listenHttps>>;
  const documentFor = (path: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ client_id: `${server.url}${path}`, client_name: "Doc Client", redirect_uris: [REDIRECT], ...extra });

  beforeAll(async () => {
    server = await listenHttps((request, response) => {
      const path = request.url ?? "";
      if (path === "/good.json") return void response.writeHead(200, { "content-type": "application/json" }).end(documentFor(path));
      if (path === "/big.json") return void response.writeHead(200).end(documentFor(path, { padding: "x".repeat(70 * 1024) }));
      if (path === "/other-id.json") return void response.writeHead(200).end(documentFor("/somewhere-else.json"));
      if (path === "/secret.json") return void response.writeHead(200).end(documentFor(path, { token_endpoint_auth_method: "client_secret_basic" }));
      if (path === "/bad-redirect.json") return void response.writeHead(200).end(documentFor(path, { redirect_uris: ["http://evil.example/cb"] }));
      if (path === "/moved.json") return void response.writeHead(302, { location: "/good.json" }).end();
      if (path === "/stall.json") return; // never answers
      response.writeHead(404).end();
    });
  });
  afterAll(() => server?.close());

  const local = (): ClientMetadataPolicy => ({ allow: [parseUrlPattern("https://127.0.0.1:*")], deny: [], ca: server.ca, timeoutMs: 500 });

  it("reads a valid document from a host the allow-list names literally", async () => {
    const document = await fetchClientMetadata(`${server.url}/good.json`, local());
    expect(document).toMatchObject({ clientId: `${server.url}/good.json`, name: "Doc Client", redirectUris: [REDIRECT], logoUri: null });
  });

  it("refuses a host name that resolves to a loopback address unless the allow-list names it", async () => {
    const url = `https://localhost:${server.port}/good.json`;
    await expect(fetchClientMetadata(url, { allow: [], deny: [], ca: server.ca })).rejects.toThrow(/non-public address/);
  });

  it("refuses private, loopback and link-local address literals and plain http without fetching", () => {
    const open: ClientMetadataPolicy = { allow: [], deny: [] };
    for (const url of [
      "https://10.0.0.7/c.json",
      "https://192.168.1.1/c.json",
      "https://169.254.169.254/latest",
      "https://[::1]/c.json",
      "https://127.0.0.1/c.json",
    ])
      expect(() => checkClientIdUrl(url, open), url).toThrow(/private or local/);
    expect(() => checkClientIdUrl("http://assistant.example/c.json", open)).toThrow(/https/);
    expect(() => checkClientIdUrl("https://assistant.example/", open)).toThrow(/path/);
    expect(() => checkClientIdUrl("https://assistant.example/a/../c.json", open)).toThrow(/segments/);
    expect(() => checkClientIdUrl("https://user:pw@assistant.example/c.json", open)).toThrow(/credentials/);
  });

  it("honours the deny-list first and, when set, the allow-list", () => {
    const policy: ClientMetadataPolicy = {
      allow: [parseUrlPattern("https://*.assistant.example/clients/")],
      deny: [parseUrlPattern("https://bad.assistant.example")],
    };
    expect(checkClientIdUrl("https://app.assistant.example/clients/c.json", policy).local).toBe(false);
    expect(() => checkClientIdUrl("https://bad.assistant.example/clients/c.json", policy)).toThrow(/not accepted/);
    expect(() => checkClientIdUrl("https://app.assistant.example/other/c.json", policy)).toThrow(/allow-list/);
    expect(() => checkClientIdUrl("https://assistant.example.evil.example/clients/c.json", policy)).toThrow(/allow-list/);
  });

  it("refuses documents that are too large, slow, redirected, for another client_id, confidential or with unsafe redirect URIs", async () => {
    const cases: Array<[string, RegExp]> = [
      ["/big.json", /larger than/],
      ["/stall.json", /did not arrive/],
      ["/moved.json", /HTTP 302/],
      ["/other-id.json", /client_id must be its own URL/],
      ["/secret.json", /public client/],
      ["/bad-redirect.json", /redirect_uris/],
      ["/missing.json", /HTTP 404/],
    ];
    for (const [path, message] of cases) await expect(fetchClientMetadata(`${server.url}${path}`, local()), path).rejects.toThrow(message);
  });

  it("judges addresses public only when they are global unicast", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.0.1",
      "169.254.1.1",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "224.0.0.1",
    ])
      expect(isPublicAddress(address), address).toBe(false);
    for (const address of ["8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) expect(isPublicAddress(address), address).toBe(true);
  });
});
