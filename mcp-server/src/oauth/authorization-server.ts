import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@todo/db";
import { AppError, describeZodError, hashToken, systemClock, type Clock } from "@todo/services";
import { OAuthClientMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import {
  InvalidClientError,
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  InvalidTargetError,
  OAuthError,
  UnsupportedGrantTypeError,
  UnsupportedResponseTypeError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthenticatedUser } from "../accounts/accounts.ts";
import { fetchClientMetadata, type ClientMetadataPolicy } from "./client-metadata.ts";
import { checkRedirectUris, redirectUriMatches } from "./redirect-uris.ts";
import { isScope, parseScopes, SCOPE_DESCRIPTIONS, SCOPES, type Scope } from "./scopes.ts";

export interface OAuthSettings {
  /** The public base URL of this server (issuer; the protected resource is `<issuer>/mcp`); undefined: each request's own origin. */
  issuer?: string;
  /** Where the web app's consent page lives (`<url>/consent?request=…`); undefined: the issuer's origin (the embedded start). */
  webAppUrl?: string;
  /** Access token lifetime in seconds. */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime in seconds (each rotation starts a new one). */
  refreshTokenTtlSeconds: number;
  /** Which Client ID Metadata Document URLs are fetched, and how. */
  clientMetadata: ClientMetadataPolicy;
}

export const DEFAULT_OAUTH_SETTINGS: OAuthSettings = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  clientMetadata: { allow: [], deny: [] },
};

/** How long the user has to decide on the consent page, in ms. */
const REQUEST_TTL_MS = 10 * 60_000;
/** How long an authorization code can be exchanged, in ms (RFC 6749 §4.1.2 recommends at most 10 minutes). */
const CODE_TTL_MS = 60_000;
/** Grant use is written at most this often. */
const USE_WRITE_INTERVAL_MS = 60_000;
/** How long after its rotation a refresh token may be used again without counting as a replay, in ms. */
export const REFRESH_REUSE_GRACE_MS = 10_000;
/** Expired tokens and requests are kept this long (a rotated refresh token must stay to detect reuse until it expires anyway). */
const CLEANUP_AFTER_MS = 24 * 3600_000;

const ACCESS_PREFIX = "todo_oat_";
const REFRESH_PREFIX = "todo_ort_";
const SECRET_PREFIX = "todo_ocs_";

/** Whether a bearer token is one of ours from OAuth (not a static API token). */
export const isOAuthAccessToken = (token: string) => token.startsWith(ACCESS_PREFIX);

const randomText = (bytes = 32) => randomBytes(bytes).toString("base64url");
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CODE_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** An error the authorization endpoint must show itself, not send to the redirect URI (RFC 6749 §4.1.2.1: the client or redirect URI is not trusted). */
export class AuthorizePageError extends Error {}

/** The consent page's view of a waiting request (the OAuth consent contract in TEAM.md). */
export interface ConsentRequestView {
  client: { id: string; name: string; logoUri: string | null; clientUri: string | null };
  redirectHost: string;
  scopes: Array<{ name: Scope; description: string }>;
  expiresAt: string;
}

export interface ConnectedAppView {
  clientId: string;
  name: string;
  logoUri: string | null;
  scopes: string[];
  connectedAt: string;
  lastUsedAt: string | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const RegistrationInput = OAuthClientMetadataSchema.extend({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(20),
  client_name: z.string().max(200).optional(),
  token_endpoint_auth_method: z.enum(["none", "client_secret_post", "client_secret_basic"]).optional(),
  grant_types: z.array(z.enum(["authorization_code", "refresh_token"])).optional(),
  response_types: z.array(z.literal("code")).optional(),
  scope: z.string().max(500).optional(),
});

/** One form or query parameter given at most once (RFC 6749 §3.1, §3.2). */
function single(params: Record<string, string[]>, name: string): string | undefined {
  const values = params[name];
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw new InvalidRequestError(`${name} must be given once`);
  return values[0];
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(key, value);
  return url.toString();
}

/**
 * The OAuth 2.1 authorization server of the MCP spec (2025-11-25, "Authorization"), over the
 * database so any replica answers any step: RFC 8414 metadata, RFC 9728 protected resource
 * metadata, authorization code with PKCE S256 (RFC 7636), RFC 7591 dynamic registration, Client
 * ID Metadata Documents, RFC 8707 resource binding, RFC 7009 revocation, and rotating refresh
 * tokens whose reuse ends the whole family (OAuth 2.1 §4.3.1). Tokens are opaque random strings
 * stored as sha256, so revoking one takes effect on the next request, on every replica.
 */
export function createAuthorizationServer(prisma: PrismaClient, settings: OAuthSettings, clock: Clock = systemClock) {
  let lastCleanup = 0;
  const now = () => clock.now();
  const consentBase = (issuer: string) => (settings.webAppUrl ?? issuer).replace(/\/+$/, "");

  async function cleanup(): Promise<void> {
    const at = now().getTime();
    if (at - lastCleanup < 60_000) return;
    lastCleanup = at;
    const before = new Date(at - CLEANUP_AFTER_MS);
    await prisma.oAuthToken.deleteMany({ where: { expiresAt: { lt: before } } });
    await prisma.oAuthAuthorizationRequest.deleteMany({ where: { expiresAt: { lt: before } } });
  }

  async function issueTokens(grantId: string, userId: string, familyId: string, scopes: string[], resource: string): Promise<TokenResponse> {
    const access = ACCESS_PREFIX + randomText();
    const refresh = REFRESH_PREFIX + randomText();
    const at = now().getTime();
    const common = { grantId, userId, familyId, scopes, resource };
    await prisma.oAuthToken.createMany({
      data: [
        { ...common, kind: "access", tokenHash: hashToken(access), expiresAt: new Date(at + settings.accessTokenTtlSeconds * 1000) },
        { ...common, kind: "refresh", tokenHash: hashToken(refresh), expiresAt: new Date(at + settings.refreshTokenTtlSeconds * 1000) },
      ],
    });
    await cleanup();
    return {
      access_token: access,
      token_type: "Bearer",
      expires_in: settings.accessTokenTtlSeconds,
      refresh_token: refresh,
      scope: scopes.join(" "),
    };
  }

  /** The client of a token request, authenticated as it registered (RFC 6749 §2.3.1). Throws InvalidClientError. */
  async function authenticateClient(params: Record<string, string[]>, authorization: string | undefined) {
    let clientId = single(params, "client_id");
    let secret = single(params, "client_secret");
    let method: "none" | "client_secret_post" | "client_secret_basic" = secret ? "client_secret_post" : "none";
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new InvalidClientError("The Basic credentials must be client_id:client_secret");
      // Each half is form-encoded before it is joined (RFC 6749 §2.3.1).
      const formDecode = (text: string) => {
        try {
          return decodeURIComponent(text.replace(/\+/g, " "));
        } catch {
          throw new InvalidClientError("The Basic credentials are not form-encoded client_id:client_secret");
        }
      };
      const basicId = formDecode(decoded.slice(0, colon));
      if (clientId && clientId !== basicId) throw new InvalidClientError("client_id differs from the Basic credentials");
      clientId = basicId;
      secret = formDecode(decoded.slice(colon + 1));
      method = "client_secret_basic";
    }
    if (!clientId) throw new InvalidClientError("client_id is required");
    const client = await prisma.oAuthClient.findUnique({ where: { id: clientId } });
    if (!client) throw new InvalidClientError("Unknown client_id; register the client (POST /oauth/register) or use a metadata-document URL");
    if (client.tokenEndpointAuthMethod !== "none") {
      if (!secret || !client.secretHash) throw new InvalidClientError(`This client authenticates with ${client.tokenEndpointAuthMethod}`);
      const given = Buffer.from(hashToken(secret), "hex");
      if (!timingSafeEqual(given, Buffer.from(client.secretHash, "hex"))) throw new InvalidClientError("Wrong client secret");
    } else if (method !== "none") {
      throw new InvalidClientError("This is a public client: send client_id only, no secret");
    }
    return client;
  }

  async function endFamily(familyId: string | null): Promise<void> {
    if (familyId) await prisma.oAuthToken.deleteMany({ where: { familyId } });
  }

  return {
    /** The protected resource (RFC 8707 resource indicator) for an issuer: its MCP endpoint. */
    resourceOf: (issuer: string) => `${issuer}/mcp`,
    /** The issuer for a request's origin: the OAUTH_ISSUER setting, else that origin. */
    issuerFor: (requestOrigin: string) => (settings.issuer ?? requestOrigin).replace(/\/+$/, ""),

    /** RFC 9728 Protected Resource Metadata for /mcp. */
    protectedResourceMetadata: (issuer: string) => ({
      resource: `${issuer}/mcp`,
      authorization_servers: [issuer],
      scopes_supported: [...SCOPES],
      bearer_methods_supported: ["header"],
      resource_name: "todo-chatbot tasks",
    }),

    /** RFC 8414 Authorization Server Metadata. */
    authorizationServerMetadata: (issuer: string) => ({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      registration_endpoint: `${issuer}/oauth/register`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      scopes_supported: [...SCOPES],
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
      revocation_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    }),

    /**
     * RFC 7591 dynamic registration: validates the metadata (redirect URIs per OAuth 2.1) and
     * answers the client information, with a secret (shown once) for the client_secret_* methods.
     * Omitting token_endpoint_auth_method means client_secret_basic (RFC 7591 §2). Throws InvalidClientMetadataError.
     */
    register: async (raw: unknown) => {
      const parsed = RegistrationInput.safeParse(raw);
      if (!parsed.success) throw new InvalidClientMetadataError(describeZodError(parsed.error, "client metadata"));
      const input = parsed.data;
      checkRedirectUris(input.redirect_uris);
      const method = input.token_endpoint_auth_method ?? "client_secret_basic";
      const scope = input.scope === undefined ? null : parseScopes(input.scope).filter(isScope).join(" ") || null;
      const id = `todo_client_${randomText(16)}`;
      const secret = method === "none" ? undefined : SECRET_PREFIX + randomText();
      const client = await prisma.oAuthClient.create({
        data: {
          id,
          kind: "dynamic",
          name: input.client_name ?? "Unnamed app",
          logoUri: input.logo_uri ?? null,
          clientUri: input.client_uri ?? null,
          redirectUris: input.redirect_uris,
          tokenEndpointAuthMethod: method,
          secretHash: secret ? hashToken(secret) : null,
          scope,
        },
      });
      return {
        client_id: client.id,
        client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
        ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
        client_name: client.name,
        redirect_uris: client.redirectUris,
        token_endpoint_auth_method: method,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        ...(client.logoUri ? { logo_uri: client.logoUri } : {}),
        ...(client.clientUri ? { client_uri: client.clientUri } : {}),
        ...(scope ? { scope } : {}),
      };
    },

    /**
     * The authorization endpoint: checks the client (fetching its metadata document for a URL
     * client_id) and redirect URI — failures there throw AuthorizePageError, shown to the user —
     * then the rest; those failures go back to the client's redirect URI (`error=…&state=…&iss=…`).
     * A valid request is stored and answered with the consent page's URL.
     */
    authorize: async (params: Record<string, string[]>, issuer: string): Promise<{ location: string }> => {
      let clientId: string | undefined;
      let askedRedirect: string | undefined;
      try {
        clientId = single(params, "client_id");
        askedRedirect = single(params, "redirect_uri");
      } catch (error) {
        throw new AuthorizePageError((error as Error).message);
      }
      if (!clientId) throw new AuthorizePageError("client_id is missing: the app that sent you here is misconfigured");
      let client = await prisma.oAuthClient.findUnique({ where: { id: clientId } });
      if (/^https?:\/\//i.test(clientId)) {
        let document;
        try {
          document = await fetchClientMetadata(clientId, settings.clientMetadata);
        } catch (error) {
          if (error instanceof OAuthError) throw new AuthorizePageError(error.message);
          throw error;
        }
        const data = {
          name: document.name,
          logoUri: document.logoUri,
          clientUri: document.clientUri,
          redirectUris: document.redirectUris,
          scope: document.scope === null ? null : parseScopes(document.scope).filter(isScope).join(" ") || null,
          fetchedAt: now(),
        };
        client = await prisma.oAuthClient.upsert({
          where: { id: clientId },
          create: { id: clientId, kind: "metadata_document", tokenEndpointAuthMethod: "none", ...data },
          update: data,
        });
      }
      if (!client) throw new AuthorizePageError("Unknown client_id: the app must register first (or use a client metadata document URL)");
      const redirectUri = askedRedirect ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
      if (redirectUri === undefined) throw new AuthorizePageError("redirect_uri is missing and the app registered several");
      if (!redirectUriMatches(client.redirectUris, redirectUri))
        throw new AuthorizePageError("redirect_uri is not one the app registered; nothing was sent to it");

      let state: string | undefined;
      try {
        state = single(params, "state");
        if (single(params, "response_type") !== "code") throw new UnsupportedResponseTypeError("response_type must be 'code'");
        const challenge = single(params, "code_challenge");
        const method = single(params, "code_challenge_method");
        if (!challenge) throw new InvalidRequestError("code_challenge is required (PKCE, RFC 7636)");
        if (method !== "S256") throw new InvalidRequestError("code_challenge_method must be S256 (plain is not accepted)");
        if (!CODE_CHALLENGE.test(challenge))
          throw new InvalidRequestError("code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)");
        const scopeText = single(params, "scope");
        const allowedForClient = client.scope ? parseScopes(client.scope) : [...SCOPES];
        const scopes = scopeText === undefined ? allowedForClient : parseScopes(scopeText);
        const unknown = scopes.filter((scope) => !allowedForClient.includes(scope));
        if (scopes.length === 0 || unknown.length > 0)
          throw new InvalidScopeError(`scope may hold ${allowedForClient.join(", ")}${unknown.length ? `; not ${unknown.join(", ")}` : ""}`);
        const resource = `${issuer}/mcp`;
        const resources = params.resource ?? [];
        const wrong = resources.find((value) => value.replace(/\/+$/, "") !== resource);
        if (wrong !== undefined) throw new InvalidTargetError(`resource must be this server's MCP endpoint, ${resource}`);
        const requestId = randomText(24);
        const at = now().getTime();
        await prisma.oAuthAuthorizationRequest.create({
          data: {
            id: requestId,
            clientId: client.id,
            redirectUri,
            state: state ?? null,
            codeChallenge: challenge,
            scopes,
            resource,
            expiresAt: new Date(at + REQUEST_TTL_MS),
          },
        });
        return { location: `${consentBase(issuer)}/consent?request=${encodeURIComponent(requestId)}` };
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        return { location: withParams(redirectUri, { error: error.errorCode, error_description: error.message, state, iss: issuer }) };
      }
    },

    /** A request waiting for the user's decision. Errors: not_found (unknown, decided or expired). */
    consentRequest: async (requestId: string): Promise<ConsentRequestView> => {
      const request = await prisma.oAuthAuthorizationRequest.findUnique({ where: { id: requestId }, include: { client: true } });
      if (!request || request.decidedAt || request.expiresAt <= now())
        throw new AppError("not_found", "This authorization request is unknown, already answered or expired; start connecting again from the app");
      const redirect = new URL(request.redirectUri);
      return {
        client: { id: request.client.id, name: request.client.name, logoUri: request.client.logoUri, clientUri: request.client.clientUri },
        redirectHost: redirect.host || redirect.protocol.replace(/:$/, ""),
        scopes: request.scopes.filter(isScope).map((name) => ({ name, description: SCOPE_DESCRIPTIONS[name] })),
        expiresAt: request.expiresAt.toISOString(),
      };
    },

    /**
     * The user's answer: allow gives an authorization code (60 s, single use), deny gives
     * `error=access_denied`; either way the answer is the client's redirect URI to navigate to.
     * Errors: not_found (unknown, decided or expired request).
     */
    decide: async (userId: string, requestId: string, allow: boolean, issuer: string): Promise<{ redirectTo: string }> => {
      const request = await prisma.oAuthAuthorizationRequest.findUnique({ where: { id: requestId } });
      const at = now();
      const gone = () =>
        new AppError("not_found", "This authorization request is unknown, already answered or expired; start connecting again from the app");
      if (!request || request.decidedAt || request.expiresAt <= at) throw gone();
      const code = allow ? randomText() : undefined;
      const claimed = await prisma.oAuthAuthorizationRequest.updateMany({
        where: { id: requestId, decidedAt: null },
        data: { decidedAt: at, userId, codeHash: code ? hashToken(code) : null, codeExpiresAt: code ? new Date(at.getTime() + CODE_TTL_MS) : null },
      });
      if (claimed.count !== 1) throw gone();
      const state = request.state ?? undefined;
      return {
        redirectTo: code
          ? withParams(request.redirectUri, { code, state, iss: issuer })
          : withParams(request.redirectUri, { error: "access_denied", error_description: "The user did not allow access", state, iss: issuer }),
      };
    },

    /**
     * The token endpoint (OAuth 2.1 §3.2): authorization_code (with code_verifier, PKCE S256) or
     * refresh_token (rotating). Throws the OAuthError to answer (invalid_client → 401, others 400).
     */
    token: async (params: Record<string, string[]>, authorization: string | undefined): Promise<TokenResponse> => {
      const grantType = single(params, "grant_type");
      if (grantType !== "authorization_code" && grantType !== "refresh_token")
        throw new UnsupportedGrantTypeError("grant_type must be authorization_code or refresh_token");
      const client = await authenticateClient(params, authorization);
      const at = now();
      const resourceParam = single(params, "resource")?.replace(/\/+$/, "");

      if (grantType === "authorization_code") {
        const code = single(params, "code");
        const verifier = single(params, "code_verifier");
        const redirectUri = single(params, "redirect_uri");
        if (!code) throw new InvalidRequestError("code is required");
        if (!verifier || !CODE_VERIFIER.test(verifier))
          throw new InvalidRequestError("code_verifier is required: 43-128 characters of A-Z a-z 0-9 - . _ ~");
        const request = await prisma.oAuthAuthorizationRequest.findUnique({ where: { codeHash: hashToken(code) } });
        if (!request || request.clientId !== client.id || !request.userId) throw new InvalidGrantError("The authorization code is unknown");
        if (request.usedAt) {
          // A code used twice may have been stolen: end what the first use gave (RFC 6749 §4.1.2).
          await endFamily(request.familyId);
          throw new InvalidGrantError("The authorization code was already used; the tokens it gave have been revoked");
        }
        if (!request.codeExpiresAt || request.codeExpiresAt <= at) throw new InvalidGrantError("The authorization code has expired; authorize again");
        if (redirectUri !== request.redirectUri) throw new InvalidGrantError("redirect_uri must be the one of the authorization request");
        if (createHash("sha256").update(verifier).digest("base64url") !== request.codeChallenge)
          throw new InvalidGrantError("code_verifier does not match the code_challenge");
        if (resourceParam !== undefined && resourceParam !== request.resource) throw new InvalidTargetError(`resource must be ${request.resource}`);
        const familyId = randomUUID();
        const claimed = await prisma.oAuthAuthorizationRequest.updateMany({
          where: { id: request.id, usedAt: null },
          data: { usedAt: at, familyId },
        });
        if (claimed.count !== 1) throw new InvalidGrantError("The authorization code was already used");
        const grant = await prisma.oAuthGrant.upsert({
          where: { userId_clientId: { userId: request.userId, clientId: client.id } },
          create: { userId: request.userId, clientId: client.id, scopes: request.scopes, lastUsedAt: at },
          update: { scopes: request.scopes, lastUsedAt: at },
        });
        return issueTokens(grant.id, request.userId, familyId, request.scopes, request.resource);
      }

      const refresh = single(params, "refresh_token");
      if (!refresh) throw new InvalidRequestError("refresh_token is required");
      const row = await prisma.oAuthToken.findUnique({ where: { tokenHash: hashToken(refresh) }, include: { grant: true } });
      if (!row || row.kind !== "refresh" || row.grant.clientId !== client.id) throw new InvalidGrantError("The refresh token is unknown or revoked");
      // A client's concurrent requests can each meet the same expiry and refresh with the same token
      // (the SDK's POST and its SSE GET do): a reuse within REFRESH_REUSE_GRACE_MS of the rotation
      // gets a pair of its own; a later one is a replay and ends the family (OAuth 2.1 §4.3.1).
      const replayed = (rotatedAt: Date) => at.getTime() - rotatedAt.getTime() > REFRESH_REUSE_GRACE_MS;
      if (row.rotatedAt && replayed(row.rotatedAt)) {
        await endFamily(row.familyId);
        throw new InvalidGrantError("The refresh token was already used; every token of this authorization has been revoked, authorize again");
      }
      if (row.expiresAt <= at) throw new InvalidGrantError("The refresh token has expired; authorize again");
      const scopeText = single(params, "scope");
      const scopes = scopeText === undefined ? row.scopes : parseScopes(scopeText);
      if (scopes.length === 0 || scopes.some((scope) => !row.scopes.includes(scope)))
        throw new InvalidScopeError(`scope may only narrow the granted scopes: ${row.scopes.join(" ")}`);
      if (resourceParam !== undefined && resourceParam !== row.resource) throw new InvalidTargetError(`resource must be ${row.resource}`);
      // No count check: when another request rotated it a moment ago, that is the grace case above.
      if (!row.rotatedAt) await prisma.oAuthToken.updateMany({ where: { id: row.id, rotatedAt: null }, data: { rotatedAt: at } });
      return issueTokens(row.grantId, row.userId, row.familyId, scopes, row.resource);
    },

    /** RFC 7009 revocation: a refresh token ends its family, an access token itself; unknown tokens are ignored. Throws InvalidClientError. */
    revoke: async (params: Record<string, string[]>, authorization: string | undefined): Promise<void> => {
      const client = await authenticateClient(params, authorization);
      const token = single(params, "token");
      if (!token) throw new InvalidRequestError("token is required");
      const row = await prisma.oAuthToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { grant: true } });
      if (!row || row.grant.clientId !== client.id) return;
      if (row.kind === "refresh") await endFamily(row.familyId);
      else await prisma.oAuthToken.deleteMany({ where: { id: row.id } });
    },

    /**
     * The user and scopes of an OAuth access token valid for `resource` at this moment, or null
     * (unknown, expired, revoked, or issued for another resource — RFC 8707).
     */
    authenticate: async (token: string, resource: string): Promise<{ user: AuthenticatedUser; scopes: string[] } | null> => {
      const row = await prisma.oAuthToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { grant: { include: { user: true } } } });
      const at = now();
      if (!row || row.kind !== "access" || row.expiresAt <= at || row.resource !== resource) return null;
      if (!row.grant.lastUsedAt || at.getTime() - row.grant.lastUsedAt.getTime() > USE_WRITE_INTERVAL_MS)
        await prisma.oAuthGrant.updateMany({ where: { id: row.grantId }, data: { lastUsedAt: at } });
      const { user } = row.grant;
      return { user: { id: user.id, username: user.username, timeZone: user.timeZone }, scopes: row.scopes };
    },

    /** The apps a user connected, oldest first. */
    connectedApps: async (userId: string): Promise<ConnectedAppView[]> => {
      const grants = await prisma.oAuthGrant.findMany({ where: { userId }, include: { client: true }, orderBy: { createdAt: "asc" } });
      return grants.map((grant) => ({
        clientId: grant.clientId,
        name: grant.client.name,
        logoUri: grant.client.logoUri,
        scopes: grant.scopes,
        connectedAt: grant.createdAt.toISOString(),
        lastUsedAt: grant.lastUsedAt?.toISOString() ?? null,
      }));
    },

    /** Disconnects an app: its grant and every token of it are deleted at once. Errors: not_found. */
    disconnect: async (userId: string, clientId: string): Promise<void> => {
      const deleted = await prisma.oAuthGrant.deleteMany({ where: { userId, clientId } });
      if (deleted.count === 0)
        throw new AppError("not_found", `No connected app with client id '${clientId.slice(0, 200)}'; see GET /api/connected-apps`);
    },
  };
}

export type AuthorizationServer = ReturnType<typeof createAuthorizationServer>;
