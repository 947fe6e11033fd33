import { createECDH, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, Agent, type Server } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// http_ece is web-push's own encryption library: the browser side of the same standard (RFC 8291).
const ece = require("http_ece") as { decrypt(body: Buffer, params: Record<string, unknown>): Buffer };

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A push service over HTTPS (web-push speaks only HTTPS), answering with `status`: on loopback, or
 * on another of this machine's IPv4 addresses (`host`; the Kubernetes test's pods reach the
 * machine on its pod-bridge address). Its self-signed certificate names that address.
 */
export async function pushService(host = "127.0.0.1") {
  const dir = mkdtempSync(path.join(tmpdir(), "push-tls-"));
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${host}`,
      "-addext",
      `subjectAltName=IP:${host}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      certFile,
    ],
    { stdio: "ignore" },
  );
  const cert = readFileSync(certFile);
  const received: ReceivedPush[] = [];
  let status = 201;
  const server: Server = createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://${host}:${port}`,
    /** The certificate, for NODE_EXTRA_CA_CERTS of a process that pushes here. */
    certFile,
    agent: new Agent({ ca: cert }),
    received,
    answer: (s: number) => (status = s),
    close: () => server.close(),
  };
}

/** A browser's push subscription: its keys, and the JSON the page would send. */
export function browserSubscription(endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } },
    decrypt: (body: Buffer) => ece.decrypt(body, { version: "aes128gcm", privateKey: ecdh, authSecret: auth.toString("base64url") }),
  };
}
