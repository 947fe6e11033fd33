import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";

/** The address used for requests that did not come over a socket (in-process `app.request()`). */
export const NO_SOCKET_ADDRESS = "in-process";

/**
 * The set of proxies whose `X-Forwarded-For` is believed, from entries like `10.0.0.0/8`,
 * `127.0.0.1` or `::1` (IPv4/IPv6 addresses or CIDR subnets; validated by the env schema).
 */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/") as [string, string | undefined];
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

// Node reports IPv4 peers on a dual-stack socket as ::ffff:a.b.c.d.
const normalize = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

const isTrusted = (list: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
};

const THIS_MACHINE = trustedProxies(["127.0.0.0/8", "::1"]);

/** Whether a client address from `clientIp` is this machine: a loopback address, or an in-process request. */
export function isThisMachine(address: string): boolean {
  return address === NO_SOCKET_ADDRESS || isTrusted(THIS_MACHINE, address);
}

/**
 * The client's IP address for rate limiting. The socket's peer, unless that peer is a trusted
 * proxy: then `X-Forwarded-For` is read from the right (the hop nearest us), skipping trusted
 * proxies, and the first other address is the client. Entries a client wrote itself sit further
 * left and are never reached, so a client cannot choose its own address. Without a socket
 * (in-process requests) the answer is NO_SOCKET_ADDRESS.
 */
export function clientIp(c: Context, trusted?: BlockList): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  if (!peer) return NO_SOCKET_ADDRESS;
  let client = normalize(peer);
  if (!trusted || !isTrusted(trusted, client)) return client;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => normalize(hop.trim()))
    .filter(Boolean);
  for (const hop of [...hops].reverse()) {
    if (isIP(hop) === 0) break; // garbage: keep the last hop we could vouch for
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}
