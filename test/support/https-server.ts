import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/**
 * A real https server on a free loopback port with a fresh self-signed certificate for 127.0.0.1
 * (selfsigned), for tests of code that fetches over https; `ca` is the certificate to trust.
 */
export async function listenHttps(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; port: number; ca: string; close(): Promise<void> }> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const server = createServer({ key: pems.private, cert: pems.cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: pems.cert,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** An https server answering each path of `documents` with it as JSON (a string as it is), 404 otherwise. */
export function serveDocuments(documents: Record<string, unknown>) {
  return listenHttps((request, response) => {
    const body = documents[request.url ?? ""];
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
  });
}
