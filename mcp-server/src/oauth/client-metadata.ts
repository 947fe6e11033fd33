import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { OAuthClientMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import { InvalidClientMetadataError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { checkRedirectUris } from "./redirect-uris.ts";

/** Largest metadata document read, in bytes (the CIMD draft suggests 5 KB; 64 KiB leaves room for long names and many redirect URIs). */
export const MAX_METADATA_BYTES = 64 * 1024;
/** How long one fetch of a metadata document may take in total, in milliseconds. */
export const METADATA_FETCH_TIMEOUT_MS = 5_000;

/**
 * One allow-list or deny-list entry for Client ID Metadata Document URLs: `scheme://host[:port][/path-prefix]`,
 * where `*` in the host or port matches any run of characters but '.', ':' and '/' for a host label, e.g.
 * `https://*.example.com/`, `https://claude.ai/oauth/`, `http://127.0.0.1:*`.
 */
export interface UrlPattern {
  text: string;
  origin: RegExp;
  pathPrefix: string;
  /** The entry names one host literally (an IP address or localhost): https and public-address rules are lifted for it (tests, development). */
  namesLocalHost: boolean;
}

const PATTERN = /^(https?):\/\/([^/]+?)(\/.*)?$/;

/** Parses a pattern (see UrlPattern); throws a message naming the entry when it is not one. */
export function parseUrlPattern(text: string): UrlPattern {
  const match = PATTERN.exec(text);
  if (!match) throw new Error(`'${text}' is not a URL pattern like https://*.example.com/ or http://127.0.0.1:*`);
  const [, scheme, host = "", path = "/"] = match;
  const escaped = host.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^./:]*");
  const hostname = host.replace(/:[^:\]]*$/, "").replace(/^\[|\]$/g, "");
  return {
    text,
    origin: new RegExp(`^${scheme}://${escaped}$`),
    pathPrefix: path,
    namesLocalHost: !host.includes("*.") && !hostname.includes("*") && (net.isIP(hostname) !== 0 || hostname === "localhost"),
  };
}

/** Comma-separated UrlPatterns (an env setting). */
export const UrlPatternList = z
  .string()
  .transform((value, ctx) => {
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const patterns: UrlPattern[] = [];
    for (const entry of entries) {
      try {
        patterns.push(parseUrlPattern(entry));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }
    return patterns;
  })
  .default([]);

const matches = (pattern: UrlPattern, url: URL) => pattern.origin.test(`${url.protocol}//${url.host}`) && url.pathname.startsWith(pattern.pathPrefix);

export interface ClientMetadataPolicy {
  /** When not empty, only URLs matching an entry are fetched. */
  allow: UrlPattern[];
  /** URLs matching an entry are never fetched (checked first). */
  deny: UrlPattern[];
  /** Extra trusted certificate authorities (PEM) for the fetch; tests serve their document with a self-signed certificate. */
  ca?: string;
  /** Overrides METADATA_FETCH_TIMEOUT_MS (tests). */
  timeoutMs?: number;
}

/** Whether `address` is a public unicast address: not private, loopback, link-local, unique-local, multicast, reserved or unspecified (IPv4-mapped IPv6 judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses;
    const blocked = list.find((entry) => !isPublicAddress(entry.address));
    if (blocked || list.length === 0)
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: "ENOTPUBLIC" }), "", 4);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0] as dns.LookupAddress;
    callback(null, first.address, first.family);
  });
};

/**
 * Checks a URL client_id against the CIMD draft's rules (draft-ietf-oauth-client-id-metadata-document
 * §3: https, a path, no fragment, no credentials, no dot segments) and the policy; answers the
 * parsed URL and whether the policy lifts the network rules for it. Throws InvalidClientMetadataError.
 */
export function checkClientIdUrl(clientId: string, policy: ClientMetadataPolicy): { url: URL; local: boolean } {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new InvalidClientMetadataError(`client_id '${clientId.slice(0, 200)}' is not a URL`);
  }
  if (url.href !== clientId || url.hash || url.username || url.password || url.pathname === "/")
    throw new InvalidClientMetadataError(
      "A URL client_id must be an https URL with a path and no fragment, credentials or '.'/'..' segments (Client ID Metadata Document)",
    );
  const denied = policy.deny.find((pattern) => matches(pattern, url));
  if (denied) throw new InvalidClientMetadataError(`client_id URLs matching '${denied.text}' are not accepted by this server`);
  const allowed = policy.allow.find((pattern) => matches(pattern, url));
  if (policy.allow.length > 0 && !allowed)
    throw new InvalidClientMetadataError("This server accepts metadata-document clients only from its allow-list");
  const local = allowed?.namesLocalHost === true;
  if (!local) {
    if (url.protocol !== "https:") throw new InvalidClientMetadataError("A URL client_id must use https");
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host) !== 0 && !isPublicAddress(host))
      throw new InvalidClientMetadataError("A URL client_id must not name a private or local address");
  }
  return { url, local };
}

/** Reads the body of a GET with the size and time limits; no redirects are followed. */
function getLimited(url: URL, local: boolean, ca: string | undefined, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new InvalidClientMetadataError(`The client metadata document at ${url.href} ${message}`));
    const get = url.protocol === "https:" ? https.get : http.get;
    const request = get(url, {
      headers: { accept: "application/json" },
      agent: false,
      ...(local ? {} : { lookup: publicOnlyLookup }),
      ...(ca ? { ca } : {}),
    });
    const deadline = setTimeout(() => {
      request.destroy();
      fail(`did not arrive within ${timeoutMs} ms`);
    }, timeoutMs);
    request.on("error", (error) => {
      clearTimeout(deadline);
      fail(`could not be fetched: ${error.message}`);
    });
    request.on("response", (response) => {
      if (response.statusCode !== 200) {
        clearTimeout(deadline);
        response.resume();
        request.destroy();
        return fail(`answered HTTP ${response.statusCode} (a 200 with the JSON document is required; redirects are not followed)`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      const tooLarge = () => {
        clearTimeout(deadline);
        request.destroy();
        fail(`is larger than ${MAX_METADATA_BYTES} bytes`);
      };
      if (Number(response.headers["content-length"] ?? 0) > MAX_METADATA_BYTES) return tooLarge();
      response.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_METADATA_BYTES) return tooLarge();
        chunks.push(chunk);
      });
      response.on("end", () => {
        clearTimeout(deadline);
        resolve(Buffer.concat(chunks).toString("utf8"));
      });
      response.on("error", () => {
        clearTimeout(deadline);
        fail("was cut off");
      });
    });
  });
}

/** A validated Client ID Metadata Document: what the authorization server keeps of it. */
export interface ClientMetadataDocument {
  clientId: string;
  name: string;
  logoUri: string | null;
  clientUri: string | null;
  redirectUris: string[];
  scope: string | null;
}

/**
 * Fetches and validates the Client ID Metadata Document at `clientId` (MCP 2025-11-25 client
 * registration, draft-ietf-oauth-client-id-metadata-document): the URL rules and allow/deny-list
 * of `checkClientIdUrl`, https only, every resolved address public (checked at connect time, so a
 * DNS answer cannot change between check and use), at most MAX_METADATA_BYTES within
 * METADATA_FETCH_TIMEOUT_MS, no redirects; the document must be RFC 7591 client metadata whose
 * `client_id` is the URL itself, a public client (no secret) with valid redirect_uris.
 * Throws InvalidClientMetadataError saying what was wrong.
 */
export async function fetchClientMetadata(clientId: string, policy: ClientMetadataPolicy): Promise<ClientMetadataDocument> {
  const { url, local } = checkClientIdUrl(clientId, policy);
  const body = await getLimited(url, local, policy.ca, policy.timeoutMs ?? METADATA_FETCH_TIMEOUT_MS);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidClientMetadataError(`The client metadata document at ${url.href} is not JSON`);
  }
  const parsed = OAuthClientMetadataSchema.extend({ client_id: z.string() }).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidClientMetadataError(
      `The client metadata document's ${issue?.path.join(".") || "body"} is invalid: ${issue?.message ?? "not client metadata"}`,
    );
  }
  const doc = parsed.data;
  if (doc.client_id !== clientId) throw new InvalidClientMetadataError(`The client metadata document's client_id must be its own URL, ${clientId}`);
  const record = json as Record<string, unknown>;
  if ("client_secret" in record || (doc.token_endpoint_auth_method ?? "none") !== "none")
    throw new InvalidClientMetadataError(
      "A metadata-document client must be a public client: token_endpoint_auth_method 'none' and no client_secret",
    );
  checkRedirectUris(doc.redirect_uris);
  return {
    clientId,
    name: (doc.client_name ?? url.hostname).slice(0, 200),
    logoUri: doc.logo_uri ?? null,
    clientUri: doc.client_uri ?? null,
    redirectUris: doc.redirect_uris,
    scope: doc.scope ?? null,
  };
}
