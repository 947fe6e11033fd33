import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: URL the push service can contact. */
  subject: string;
}

/**
 * The VAPID keys that sign Web Push requests: from the environment when given, else generated once
 * and kept in the embedded data folder (readable by its owner only), so browser subscriptions
 * stay valid across restarts.
 */
export function loadVapidKeys(options: { publicKey?: string; privateKey?: string; subject: string; dataDir?: string }): VapidKeys {
  if (options.publicKey && options.privateKey) return { publicKey: options.publicKey, privateKey: options.privateKey, subject: options.subject };
  if (!options.dataDir) throw new Error("VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required when there is no embedded data folder");
  const file = path.join(options.dataDir, "vapid.json");
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; privateKey: string };
    return { ...stored, subject: options.subject };
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return { ...keys, subject: options.subject };
}
