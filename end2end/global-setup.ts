// `cargo leptos end-to-end` starts the tests right after starting the server:
// wait until the server answers before the first test runs.
export default async function globalSetup() {
  const base = process.env.ATELIER_BASE_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return;
      lastError = new Error(`/readyz answered ${res.status}`);
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${base} did not become ready: ${lastError}`);
}
