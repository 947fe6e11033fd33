import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent } from "node:https";

// Addresses a push service never has: the IANA special-purpose registries (RFC 6890 and updates)
// minus the globally reachable ones. Node's own BlockList does the matching.
const notPublic = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network" (RFC 791)
  ["10.0.0.0", 8], // private (RFC 1918)
  ["100.64.0.0", 10], // carrier-grade NAT (RFC 6598)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata services (RFC 3927)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation (RFC 5737)
  ["192.88.99.0", 24], // 6to4 relay anycast (deprecated)
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking (RFC 2544)
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and broadcast
] as const)
  notPublic.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::ffff:0:0", 96], // IPv4-mapped: would reach an IPv4 address, checked as one instead
  ["64:ff9b::", 96], // NAT64 (RFC 6052), embeds an IPv4 address
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215)
  ["100::", 64], // discard-only (RFC 6666)
  ["2001::", 32], // Teredo, embeds an IPv4 address
  ["2001:db8::", 32], // documentation (RFC 3849)
  ["2002::", 16], // 6to4, embeds an IPv4 address
  ["fc00::", 7], // unique-local (RFC 4193)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  notPublic.addSubnet(network, prefix, "ipv6");

/**
 * Whether an IP address (v4 or v6 text, without brackets) is a public unicast address. IPv4-mapped
 * IPv6 addresses (`::ffff:a.b.c.d`) are judged by their IPv4 address. Not an IP address → false.
 */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !notPublic.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The host of a URL as an address or name: brackets of an IPv6 literal removed, lower case. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();

/**
 * Why a push endpoint may not be used, or null when it may. Accepted: `https:` URLs whose host is a
 * public IP address or a DNS name with at least one dot that is not `localhost` or under
 * `.localhost` (RFC 6761). Names are checked again at send time, once resolved
 * ({@link assertPublicHost}).
 */
export function endpointProblem(endpoint: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "must be the https URL from PushSubscription.endpoint";
  }
  if (url.protocol !== "https:") return `must be an https: URL (the push service's); got ${url.protocol}`;
  const host = hostOf(url);
  if (isIP(host) || /^::ffff:/i.test(host))
    return isPublicAddress(host)
      ? null
      : `must be on a public address; ${host} is loopback, private, link-local, unique-local, multicast or reserved`;
  if (host === "localhost" || host.endsWith(".localhost") || !host.includes(".")) return `must be a public push service's host; got '${host}'`;
  return null;
}

/**
 * Resolves the endpoint's host (an IP literal is taken as is) and throws when any of its addresses
 * is not public, so that a name pointing into the private network is refused before we connect.
 * Errors: `PrivateEndpointError`; DNS failures are passed on as they are.
 */
export async function assertPublicHost(endpoint: string): Promise<void> {
  const host = hostOf(new URL(endpoint));
  const addresses = isIP(host) ? [host] : (await lookupAll(host)).map((entry) => entry.address);
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined || addresses.length === 0) throw new PrivateEndpointError(host, refused ?? "no address");
}

/** A push endpoint whose host is, or resolves to, an address that is not public. */
export class PrivateEndpointError extends Error {
  constructor(host: string, address: string) {
    super(`push endpoint host ${host} resolves to ${address}, which is not a public address; refused`);
    this.name = "PrivateEndpointError";
  }
}

const lookupAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An HTTPS agent whose DNS lookup fails for names resolving to non-public addresses. Checking at
 * connect time as well as before sending closes the window a DNS answer could change in between
 * (DNS rebinding).
 */
export function publicOnlyAgent(): Agent {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : "");
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused || addresses.length === 0)
        return callback(new PrivateEndpointError(hostname, refused?.address ?? "no address"), options.all ? [] : "");
      const [first] = addresses;
      if (options.all || !first) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
  return new Agent({ lookup: lookup });
}
