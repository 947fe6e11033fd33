import { InvalidClientMetadataError } from "@modelcontextprotocol/sdk/server/auth/errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const FORBIDDEN_SCHEMES = new Set(["javascript:", "data:", "file:", "vbscript:", "blob:", "about:"]);

const isLoopbackHttp = (url: URL) => url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);

/**
 * Checks a client's redirect URIs (OAuth 2.1 §2.3.1, RFC 8252 §7): absolute, no fragment, and
 * https, http on a loopback host, or an app's private-use scheme. Throws InvalidClientMetadataError.
 */
export function checkRedirectUris(uris: readonly string[]): void {
  if (uris.length === 0 || uris.length > 20) throw new InvalidClientMetadataError("redirect_uris must list 1 to 20 URLs");
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new InvalidClientMetadataError(`redirect_uris: '${uri.slice(0, 200)}' is not an absolute URL`);
    }
    if (url.hash) throw new InvalidClientMetadataError(`redirect_uris: '${uri.slice(0, 200)}' must not have a fragment`);
    if (FORBIDDEN_SCHEMES.has(url.protocol) || (url.protocol === "http:" && !isLoopbackHttp(url)))
      throw new InvalidClientMetadataError(
        `redirect_uris: '${uri.slice(0, 200)}' must be https, http on localhost/127.0.0.1/[::1], or an app's own scheme`,
      );
  }
}

/**
 * Whether `asked` (the authorization request's redirect_uri) is one of `registered`: an exact
 * match, or for http loopback URIs a match in everything but the port (RFC 8252 §7.3).
 */
export function redirectUriMatches(registered: readonly string[], asked: string): boolean {
  if (registered.includes(asked)) return true;
  let url: URL;
  try {
    url = new URL(asked);
  } catch {
    return false;
  }
  if (!isLoopbackHttp(url)) return false;
  const withoutPort = (u: URL) => `${u.protocol}//${u.hostname}${u.pathname}${u.search}`;
  return registered.some((entry) => {
    try {
      const candidate = new URL(entry);
      return isLoopbackHttp(candidate) && withoutPort(candidate) === withoutPort(url);
    } catch {
      return false;
    }
  });
}
