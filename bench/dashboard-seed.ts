/**
 * The dashboard benchmarks' user: signs up "pageload" on the server at `url` and adds 30 tasks due
 * over the next 30 days (tag "bench"). Returns the API token. `send` is fetch, or a fetch that
 * retries a reset connection. Throws when sign-up answers without a token.
 */
export async function seedDashboardUser(url: string, send: (url: string, init: RequestInit) => Promise<Response> = fetch): Promise<string> {
  const signup = await send(`${url}/api/auth/signup`, { method: "POST", body: JSON.stringify({ username: "pageload", password: "bench password" }) });
  const { token } = (await signup.json()) as { token?: string };
  if (!token) throw new Error(`sign-up at ${url} answered ${signup.status} without a token`);
  for (let i = 0; i < 30; i++)
    await send(`${url}/api/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `task ${i}`, tags: ["bench"], due: `in ${i} days` }),
    });
  return token;
}
