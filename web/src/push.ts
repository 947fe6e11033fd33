// Web Push: registers the service worker (/sw.js), subscribes with the server's VAPID key and sends
// the subscription to the server. Returns what happened, in words, for the status line.
import { api } from "./api.ts";

function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export async function enablePush(): Promise<string> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window))
    return "This browser cannot receive push notifications here; reminders still show on this page while it is open.";
  try {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") return "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.";
    const registration = await navigator.serviceWorker.register("/sw.js");
    const { publicKey } = await api<{ publicKey: string }>("/api/push/vapid-public-key");
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) });
    await api("/api/push/subscriptions", { method: "POST", body: subscription.toJSON() });
    return "Notifications are on for this browser.";
  } catch (error) {
    return `The browser refused push notifications: ${error instanceof Error ? error.message : String(error)}`;
  }
}
