// Shows reminders pushed while the page is closed, and opens the app when one is clicked.
self.addEventListener("push", (event) => {
  let data = { title: "Reminder", body: "" };
  try {
    data = event.data ? event.data.json() : data;
  } catch {
    data.body = event.data ? event.data.text() : "";
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, tag: data.taskId, data: { url: data.url || "/" } }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname === "/");
      return open ? open.focus() : self.clients.openWindow(event.notification.data.url);
    }),
  );
});
