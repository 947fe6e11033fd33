// The todo-chatbot page: sign-in, chat, task dashboard, live updates and push. No framework, no
// build step; everything it loads comes from this origin. User text is only ever set as textContent.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = {
  token: localStorage.getItem("todo.token"),
  user: null,
  conversationId: localStorage.getItem("todo.conversation"),
  tasks: [],
  editing: null,
  events: null,
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "content-type": "application/json", ...(state.token ? { authorization: `Bearer ${state.token}` } : {}), ...(options.headers || {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 401 && state.token) signOut();
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.error && data.error.message) || `The server answered ${response.status}`);
  return data;
}

function toast(text) {
  const node = element("div", { class: "toast", role: "status" }, text);
  $("#toasts").append(node);
  setTimeout(() => node.remove(), 8000);
}

// ---- time, in the user's zone ----
// Every date shown or sent is read in the account's zone (state.user.timeZone), never the browser's:
// a laptop set to another zone (travel, a VM in UTC) must not move "this year" or a due day.
function yearIn(instant, zone) {
  return Number(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric" }).format(instant));
}

function formatDue(task) {
  const zone = state.user.timeZone;
  const thisYear = yearIn(new Date(), zone);
  if (task.dueAt) {
    const at = new Date(task.dueAt);
    const year = yearIn(at, zone) === thisYear ? undefined : "numeric";
    return new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year,
      hour: "numeric",
      minute: "2-digit",
    }).format(at);
  }
  if (task.dueDate) {
    const year = Number(task.dueDate.slice(0, 4)) === thisYear ? undefined : "numeric";
    return new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year }).format(
      new Date(`${task.dueDate}T00:00:00Z`),
    );
  }
  return "";
}

function localParts(iso) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: state.user.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

// ---- sign-in ----
async function signIn(mode) {
  const username = $("#auth-username").value.trim();
  const password = $("#auth-password").value;
  $("#auth-error").textContent = "";
  try {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const result = await api(mode === "signup" ? "/api/auth/signup" : "/api/auth/login", {
      method: "POST",
      body: mode === "signup" ? { username, password, timeZone } : { username, password },
    });
    state.token = result.token;
    localStorage.setItem("todo.token", result.token);
    await start();
  } catch (error) {
    $("#auth-error").textContent = error.message;
  }
}

// Ends the session on the server too, so the token is worthless even if it was copied; and stops this
// browser's push subscription, which belongs to the account that made it (another account signing in
// here would be refused the same endpoint).
async function endSession(token) {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (subscription) {
      await fetch("/api/push/subscriptions", {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ endpoint: subscription.endpoint }),
        keepalive: true,
      });
      await subscription.unsubscribe();
    }
  } catch {
    // Push may be unsupported or refused; signing out goes on.
  }
  await fetch("/api/auth/logout", { method: "POST", headers: { authorization: `Bearer ${token}` }, keepalive: true }).catch(() => {});
}

function signOut() {
  if (state.token) void endSession(state.token);
  localStorage.removeItem("todo.token");
  localStorage.removeItem("todo.conversation");
  state.token = null;
  state.conversationId = null;
  if (state.events) state.events.close();
  $("#app").hidden = true;
  $("#auth").hidden = false;
}

// ---- tasks ----
function query() {
  const params = new URLSearchParams();
  const search = $("#filter-search").value.trim();
  if (search) params.set("search", search);
  params.set("status", $("#filter-status").value);
  if ($("#filter-priority").value) params.set("priority", $("#filter-priority").value);
  const tag = $("#filter-tag").value.trim().replace(/^#/, "");
  if (tag) params.set("tags", tag.toLowerCase());
  params.set("sort", $("#filter-sort").value);
  params.set("limit", "100");
  return params.toString();
}

let loadTimer = null;
function loadTasksSoon() {
  clearTimeout(loadTimer);
  loadTimer = setTimeout(loadTasks, 150);
}

async function loadTasks() {
  try {
    const page = await api(`/api/tasks?${query()}`);
    state.tasks = page.tasks;
    renderTasks();
  } catch (error) {
    $("#task-count").textContent = error.message;
  }
}

function renderTasks() {
  const list = $("#task-list");
  list.replaceChildren(...state.tasks.map(taskCard));
  const count = state.tasks.length;
  $("#task-count").textContent = count === 0 ? "No tasks here." : `${count} task${count === 1 ? "" : "s"}`;
  document.body.dataset.ready = "true";
}

function taskCard(task) {
  const due = formatDue(task);
  const meta = element(
    "div",
    { class: "meta" },
    element("span", { class: `badge ${task.priority}` }, task.priority),
    due ? element("span", { class: "due" }, `Due ${due}`) : null,
    task.overdue ? element("span", { class: "overdue-label" }, "Overdue") : null,
    task.recurrence ? element("span", { class: "recurring", title: task.recurrence }, "↻ Repeats") : null,
    task.reminderMinutesBefore !== null
      ? element(
          "span",
          { class: "reminder" },
          task.reminderMinutesBefore === 0 ? "Reminder at due time" : `Reminder ${task.reminderMinutesBefore} min before`,
        )
      : null,
    ...task.tags.map((tag) => element("span", { class: "chip" }, `#${tag}`)),
  );
  const checkbox = element("input", {
    type: "checkbox",
    checked: task.status === "done",
    "aria-label": `${task.status === "done" ? "Reopen" : "Complete"} ${task.title}`,
    onchange: () => toggle(task),
  });
  return element(
    "li",
    { class: `task ${task.status}${task.overdue ? " overdue" : ""}`, "data-task-id": task.id },
    checkbox,
    element(
      "div",
      { class: "task-body" },
      element("div", { class: "task-title" }, task.title),
      task.description ? element("div", { class: "muted" }, task.description) : null,
      meta,
    ),
    element("button", { type: "button", class: "link", "aria-label": `Edit ${task.title}`, onclick: () => openDialog(task) }, "Edit"),
    element("button", { type: "button", class: "link danger", "aria-label": `Delete ${task.title}`, onclick: () => removeTask(task) }, "Delete"),
  );
}

async function toggle(task) {
  try {
    const result = await api(`/api/tasks/${task.id}/${task.status === "done" ? "reopen" : "complete"}`, { method: "POST" });
    if (task.recurrence && task.status !== "done") toast(`Done: ${task.title}. The next one is on its way.`);
    if (result && result.nextOccurrence && result.nextOccurrence.kept) toast(`Reopened ${task.title}; ${result.nextOccurrence.reason}.`);
  } catch (error) {
    toast(error.message);
  }
  loadTasksSoon();
}

async function removeTask(task) {
  if (!confirm(`Delete "${task.title}"?`)) return;
  try {
    await api(`/api/tasks/${task.id}`, { method: "DELETE" });
  } catch (error) {
    toast(error.message);
  }
  loadTasksSoon();
}

// ---- create / edit dialog ----
function openDialog(task) {
  state.editing = task || null;
  $("#dialog-title").textContent = task ? "Edit task" : "New task";
  $("#task-error").textContent = "";
  $("#task-title").value = task ? task.title : "";
  $("#task-description").value = task && task.description ? task.description : "";
  $("#task-priority").value = task ? task.priority : "medium";
  $("#task-tags").value = task ? task.tags.join(", ") : "";
  const due = task && task.dueAt ? localParts(task.dueAt) : { date: task && task.dueDate ? task.dueDate : "", time: "" };
  $("#task-date").value = due.date;
  $("#task-time").value = due.time;
  const presets = [...$("#task-repeat").options].map((o) => o.value);
  const rule = task && task.recurrence ? task.recurrence : "";
  const preset = !rule ? "" : presets.includes(rule) ? rule : /^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/.test(rule) ? "weekly" : "custom";
  $("#task-repeat").value = preset;
  $("#task-custom-repeat").value = preset === "custom" ? rule : "";
  $("#custom-repeat-row").hidden = preset !== "custom";
  $("#task-mode").value = task && task.recurrenceMode ? task.recurrenceMode : "schedule";
  $("#task-reminder").value = task && task.reminderMinutesBefore !== null ? String(task.reminderMinutesBefore) : "";
  if (task && task.reminderMinutesBefore !== null && !$("#task-reminder").value) {
    $("#task-reminder").append(element("option", { value: String(task.reminderMinutesBefore) }, `${task.reminderMinutesBefore} minutes before`));
    $("#task-reminder").value = String(task.reminderMinutesBefore);
  }
  $("#task-dialog").showModal();
  $("#task-title").focus();
}

function formValues() {
  const date = $("#task-date").value;
  const time = $("#task-time").value;
  if (time && !date) throw new Error("Pick a due date for the time, or clear the time.");
  let recurrence = $("#task-repeat").value;
  if (recurrence === "weekly") {
    const days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    recurrence = date ? `FREQ=WEEKLY;BYDAY=${days[new Date(`${date}T12:00:00Z`).getUTCDay()]}` : "FREQ=WEEKLY";
  }
  if (recurrence === "custom") recurrence = $("#task-custom-repeat").value.trim();
  const reminder = $("#task-reminder").value;
  return {
    title: $("#task-title").value.trim(),
    description: $("#task-description").value.trim() || null,
    priority: $("#task-priority").value,
    tags: $("#task-tags")
      .value.split(/[,\s]+/)
      .map((t) => t.replace(/^#/, "").trim())
      .filter(Boolean),
    due: date ? (time ? `${date}T${time}` : date) : null,
    recurrence: recurrence || null,
    recurrenceMode: $("#task-mode").value,
    reminderMinutesBefore: reminder === "" ? null : Number(reminder),
  };
}

async function saveTask(event) {
  event.preventDefault();
  $("#task-error").textContent = "";
  try {
    const values = formValues();
    if (state.editing) {
      const body = { ...values, version: state.editing.version };
      if (!values.recurrence) delete body.recurrenceMode;
      await api(`/api/tasks/${state.editing.id}`, { method: "PATCH", body });
    } else {
      const body = {};
      for (const [key, value] of Object.entries(values)) if (value !== null && !(Array.isArray(value) && value.length === 0)) body[key] = value;
      if (!body.recurrence) delete body.recurrenceMode;
      await api("/api/tasks", { method: "POST", body });
    }
    $("#task-dialog").close();
    loadTasksSoon();
  } catch (error) {
    $("#task-error").textContent = error.message;
  }
}

// ---- chat ----
function say(role, text) {
  const item = element("li", { class: role }, text);
  $("#chat-log").append(item);
  item.scrollIntoView({ block: "end" });
}

async function sendChat(event) {
  event.preventDefault();
  const input = $("#chat-input");
  const message = input.value.trim();
  if (!message) return;
  input.value = "";
  say("user", message);
  try {
    const response = await fetch("/api/chat/stream", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${state.token}` },
      body: JSON.stringify(state.conversationId ? { conversationId: state.conversationId, message } : { message }),
    });
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new Error((data && data.error && data.error.message) || `The server answered ${response.status}`);
    }
    const text = await response.text();
    for (const block of text.split("\n\n")) {
      const name = /^event: (.*)$/m.exec(block);
      const data = /^data: (.*)$/m.exec(block);
      if (!name || !data) continue;
      const payload = JSON.parse(data[1]);
      if (name[1] === "action") say("tool", `${payload.error ? "⚠" : "✓"} ${payload.tool}`);
      if (name[1] === "reply") {
        state.conversationId = payload.conversationId;
        localStorage.setItem("todo.conversation", payload.conversationId);
        say("assistant", payload.reply);
      }
    }
  } catch (error) {
    say("assistant", `Sorry: ${error.message}`);
  }
  loadTasksSoon();
}

async function loadConversation() {
  if (!state.conversationId) return;
  try {
    const { messages } = await api(`/api/conversations/${state.conversationId}`);
    for (const message of messages.slice(-30)) say(message.role, message.content);
  } catch {
    state.conversationId = null;
    localStorage.removeItem("todo.conversation");
  }
}

// ---- live updates and notifications ----
// EventSource cannot send a header, so the stream opens with a single-use ticket (never the token,
// which proxies would log with the URL). A ticket does not survive a reconnect: when the browser
// gives up on the stream, ask for a new ticket.
async function listen() {
  if (state.events) state.events.close();
  state.events = null;
  let ticket;
  try {
    ({ ticket } = await api("/api/notifications/ticket", { method: "POST" }));
  } catch {
    if (state.token) setTimeout(listen, 5000);
    return;
  }
  if (!state.token) return;
  const events = new EventSource(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED && state.events === events && state.token) setTimeout(listen, 3000);
  });
  // The server ended the stream: its token was revoked (asking anything signs this page out) or a
  // newer tab took its place (stay quiet rather than push that tab out in turn).
  events.addEventListener("closed", (event) => {
    events.close();
    if (JSON.parse(event.data).reason === "token-revoked") api("/api/auth/me").catch(() => {});
  });
  events.addEventListener("task-changed", loadTasksSoon);
  events.addEventListener("reminder", (event) => {
    const reminder = JSON.parse(event.data);
    toast(`⏰ ${reminder.title} — ${reminder.body}`);
  });
  state.events = events;
}

function base64UrlToBytes(text) {
  const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function enablePush() {
  const status = $("#push-status");
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    status.textContent = "This browser cannot receive push notifications here; reminders still show on this page while it is open.";
    return;
  }
  try {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      status.textContent = "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.";
      return;
    }
    const registration = await navigator.serviceWorker.register("/sw.js");
    const { publicKey } = await api("/api/push/vapid-public-key");
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) });
    await api("/api/push/subscriptions", { method: "POST", body: subscription.toJSON() });
    status.textContent = "Notifications are on for this browser.";
  } catch (error) {
    status.textContent = `The browser refused push notifications: ${error.message}`;
  }
}

// ---- start ----
async function start() {
  try {
    const { user } = await api("/api/auth/me");
    state.user = user;
  } catch {
    signOut();
    return;
  }
  $("#auth").hidden = true;
  $("#app").hidden = false;
  $("#who").textContent = `${state.user.username} · ${state.user.timeZone}`;
  listen();
  await Promise.all([loadTasks(), loadConversation()]);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#auth-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(event.submitter && event.submitter.value === "signup" ? "signup" : "login");
  });
  $("#signout").addEventListener("click", signOut);
  $("#push-button").addEventListener("click", enablePush);
  $("#new-task").addEventListener("click", () => openDialog(null));
  $("#task-form").addEventListener("submit", saveTask);
  $("#task-cancel").addEventListener("click", () => $("#task-dialog").close());
  $("#task-repeat").addEventListener("change", () => ($("#custom-repeat-row").hidden = $("#task-repeat").value !== "custom"));
  $("#chat-form").addEventListener("submit", sendChat);
  $("#filters").addEventListener("submit", (event) => event.preventDefault());
  for (const id of ["#filter-search", "#filter-tag"]) $(id).addEventListener("input", loadTasksSoon);
  for (const id of ["#filter-status", "#filter-priority", "#filter-sort"]) $(id).addEventListener("change", loadTasks);
  if (state.token) start();
  else $("#auth").hidden = false;
});
