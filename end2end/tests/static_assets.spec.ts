import { test, expect, waitForHydration } from "./fixtures";

// The wasm, JS and CSS, and the product data the configurator loads apart
// from its page, have content-hashed names and are sent with
// `Cache-Control: immutable`: a returning customer's browser downloads
// none of them again. Pages themselves stay revalidated.
test("a second visit downloads no wasm, JS, CSS or product data again", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const caching = new Map<string, string>();
  first.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    caching.set(path, response.headers()["cache-control"] ?? "");
  });
  await first.goto("/p/car?lang=en");
  await waitForHydration(first);

  const assets = [...caching.keys()].filter((p) => p.startsWith("/pkg/"));
  expect(assets.some((p) => p.endsWith(".wasm"))).toBe(true);
  expect(assets.some((p) => p.endsWith(".css"))).toBe(true);
  for (const path of assets.filter((p) => /\.(wasm|js|css)$/.test(p) && !p.includes("/snippets/"))) {
    expect(path).toMatch(/\.[\w-]{22}\.(wasm|js|css)$/);
    expect(caching.get(path), path).toBe("public, max-age=31536000, immutable");
  }
  const data = [...caching.keys()].filter((p) => p.startsWith("/data/"));
  expect(data).toHaveLength(1);
  expect(data[0]).toMatch(/^\/data\/\d+\/[0-9a-f]{20}\.js$/);
  expect(caching.get(data[0])).toBe("public, max-age=31536000, immutable");
  expect(caching.get("/p/car")).not.toContain("immutable");
  // Images of public/ are kept for an hour, its scripts revalidated.
  const icon = await context.request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["cache-control"]).toBe("public, max-age=3600");
  expect(icon.headers()["x-content-type-options"]).toBe("nosniff");
  const script = await context.request.get("/cart.js");
  expect(script.headers()["cache-control"]).toBe("no-cache");
  await first.close();

  // The customer comes back: every file of /pkg and the product data come from the cache
  // (a transfer size of 0: not even a revalidation went out).
  const second = await context.newPage();
  await second.goto("/p/car?lang=en");
  await waitForHydration(second);
  const loaded = await second.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e as PerformanceResourceTiming)
      .filter((e) => /^\/(pkg|data)\//.test(new URL(e.name).pathname))
      .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize })),
  );
  expect(loaded.some((e) => e.path.endsWith(".wasm"))).toBe(true);
  expect(loaded.some((e) => e.path === data[0])).toBe(true);
  expect(loaded.filter((e) => e.transferred > 0)).toEqual([]);
  await context.close();
});
