import type { Route } from "@playwright/test";
import { test, expect, fillAddress, watchConsole, waitForHydration } from "./fixtures";

/** Sends a request the page made to the server from outside the browser
 *  (so that nothing of the answer, not even a cookie, reaches the page), for
 *  a test that then loses the answer. */
async function sendPastTheBrowser(route: Route): Promise<globalThis.Response> {
  const request = route.request();
  const headers = await request.allHeaders();
  const kept: Record<string, string> = {};
  for (const name of ["content-type", "cookie", "accept", "accept-language", "origin", "referer"]) {
    if (headers[name]) kept[name] = headers[name];
  }
  return fetch(request.url(), {
    method: request.method(),
    headers: kept,
    body: request.postDataBuffer() ?? undefined,
    redirect: "manual",
  });
}

const SILVER_RING = "metal=silver&width=4mm&size=54&finish=polished";
const SAPPHIRE_RING =
  "/p/ring?lang=en&metal=white-gold&stone=sapphire&width=4mm&size=56&finish=matte&engraving=Lina&engraving.font=serif";

test.describe("ordering", () => {
  test("the checkout's code is downloaded on the checkout page only", async ({ page }) => {
    const wasm: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith(".wasm")) wasm.push(path);
    });
    await page.goto(SAPPHIRE_RING);
    await waitForHydration(page);
    // The release build names files by their content (see static_assets.spec.ts).
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/pkg\/atelier\.[\w-]{22}\.wasm$/);

    await page.getByTestId("order-link").click();
    await expect(page).toHaveURL(/\/p\/ring\/checkout\?/);
    // A fresh document: hydrated once the checkout island's chunk has run.
    await waitForHydration(page);
    await expect.poll(() => wasm.filter((p) => /\/pkg\/split_checkout_[\w.-]+\.wasm$/.test(p)).length).toBe(1);
  });

  test("orders a configured ring, sees the confirmation, and the status page survives a reload", async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.goto(SAPPHIRE_RING);
    await waitForHydration(page);
    const total = await page.getByTestId("total").textContent();
    const window = await page.getByTestId("window").textContent();

    await page.getByTestId("order-link").click();
    await expect(page).toHaveURL(/\/p\/ring\/checkout\?.*stone=sapphire/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout: Engraved ring");
    await expect(page.getByTestId("total")).toHaveText(total ?? "");
    await expect(page.getByTestId("window")).toHaveText(window ?? "");
    await fillAddress(page);
    await page.getByLabel("Phone (optional)").fill("+49 89 1234567");
    await page.getByLabel(/I accept the terms/).check();
    await page.screenshot({ path: testInfo.outputPath("checkout.png"), fullPage: true });
    await page.getByRole("button", { name: "Place binding order" }).click();

    await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
    await expect(page.getByRole("status")).toHaveText("Thank you for your order!");
    const number = await page.getByTestId("order-number").textContent();
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    await expect(page.getByTestId("promised-window")).toHaveText(window ?? "");
    await expect(page.getByTestId("total")).toHaveText(total ?? "");
    await expect(page.getByTestId("timeline").locator("li.current")).toContainText("Order received");
    await expect(page.getByTestId("specification")).toContainText("Blue sapphire, 2.5 mm");
    await expect(page.getByTestId("specification")).toContainText("“Lina”");
    await expect(page.getByTestId("ship-to")).toContainText("80331 München");
    await page.screenshot({ path: testInfo.outputPath("order-status.png"), fullPage: true });

    await page.reload();
    await expect(page.getByTestId("order-number")).toHaveText(number ?? "");
    await expect(page.getByTestId("timeline")).toContainText("Order received");
    expect(errors).toEqual([]);
  });

  test("bad contact data gets a message on each field and orders nothing", async ({ page }, testInfo) => {
    await page.goto(SAPPHIRE_RING.replace("/p/ring?", "/p/ring/checkout?"));
    await waitForHydration(page);
    await page.getByRole("button", { name: "Place binding order" }).click();
    const problems = page.locator(".form-problems");
    await expect(problems).toContainText("Please check these entries:");
    // The summary names each field, so two "Please fill this in." are told apart.
    await expect(problems).toContainText("Full name: Please fill this in.");
    await expect(problems).toContainText("City: Please fill this in.");
    await expect(page.locator('[data-field="name"] .field-error')).toHaveText("Please fill this in.");
    await expect(page.locator('[data-field="terms"] .field-error')).toHaveText("Please accept the terms to order.");
    await expect(page.getByLabel("Full name", { exact: true })).toHaveAttribute("aria-invalid", "true");

    await fillAddress(page, { Email: "lina(at)example", "Postal code": "8033" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page.locator('[data-field="email"] .field-error')).toHaveText(
      "Please enter an email address like name@example.com.",
    );
    await expect(page.locator('[data-field="postal_code"] .field-error')).toHaveText(
      "Postal codes in Germany look like 00000.",
    );
    await expect(page.locator('[data-field="name"] .field-error')).toBeEmpty();
    await page.screenshot({ path: testInfo.outputPath("checkout-problems.png"), fullPage: true });
    await expect(page).toHaveURL(/\/checkout/);
  });

  test("a tampered price or a stale catalog version is answered with the real figures", async ({ page }) => {
    await page.goto(SAPPHIRE_RING.replace("/p/ring?", "/p/ring/checkout?"));
    await waitForHydration(page);
    const total = await page.getByTestId("total").textContent();
    await fillAddress(page);
    await page.getByLabel(/I accept the terms/).check();
    await page.locator('input[name="seen_total"]').evaluate((el: HTMLInputElement) => (el.value = "100"));
    await page.locator('input[name="catalog_version"]').evaluate((el: HTMLInputElement) => (el.value = "0"));
    await page.getByRole("button", { name: "Place binding order" }).click();
    const changed = page.getByTestId("changed");
    await expect(changed).toContainText("The price or delivery date has changed");
    await expect(changed).toContainText("Our catalog has been updated in the meantime.");
    await expect(page.getByTestId("new-total")).toHaveText(total ?? "");
    await expect(page).toHaveURL(/\/checkout/);

    // Ordering again confirms the figures shown.
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}/);
  });

  test("a reply lost after the order was stored: reloading and sending again shows that order, not a second", async ({ page }) => {
    await page.goto(`/p/ring/checkout?lang=en&${SILVER_RING}`);
    await waitForHydration(page);
    // The server stores the order, but its answer never reaches the page.
    let lost = "";
    await page.route("**/api/place_order", async (route) => {
      const answer = await sendPastTheBrowser(route);
      const outcome = await answer.json();
      if (outcome.Placed) lost = outcome.Placed.token;
      await route.abort("connectionreset");
    });
    await fillAddress(page, { "Full name": "Lost Reply JS" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page.getByText("The order could not be sent.")).toBeVisible();
    expect(lost).toMatch(/^[0-9a-f]{64}$/);
    await page.unroute("**/api/place_order");

    // The customer reloads and sends the same again: the stored order.
    await page.reload();
    await waitForHydration(page);
    await fillAddress(page, { "Full name": "Lost Reply JS" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${lost}\\?placed=1`));
  });

  test("a link with unknown options cannot be ordered and leads back", async ({ page }) => {
    await page.goto("/p/ring/checkout?lang=en&metal=unobtainium&width=4mm&size=56");
    await waitForHydration(page);
    await expect(page.locator(".not-orderable")).toContainText("This configuration cannot be ordered as it is:");
    await expect(page.getByRole("button", { name: "Place binding order" })).toHaveCount(0);
    await page.getByRole("link", { name: "Change configuration" }).last().click();
    await expect(page).toHaveURL(/\/p\/ring\?/);
  });
});

test.describe("ordering without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a reply lost after the order was stored: Back and sending again shows that order, not a second", async ({ page }) => {
    const checkout = `/p/ring/checkout?lang=en&${SILVER_RING}`;
    await page.goto(checkout);
    // The server stores the order and redirects, but the answer is lost
    // (a timeout, a dropped connection): the browser shows an error page.
    let lost = "";
    await page.route("**/p/ring/checkout**", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await sendPastTheBrowser(route);
      lost = answer.headers.get("location") ?? "";
      await route.abort("timedout");
    });
    await fillAddress(page, { "Full name": "Lost Reply" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click().catch(() => {});
    await expect.poll(() => lost).toMatch(/^\/orders\/[0-9a-f]{64}\?placed=1$/);
    await page.unroute("**/p/ring/checkout**");

    // Back to the checkout, the same form again: the stored order.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/p/ring/checkout\\?`));
    await fillAddress(page, { "Full name": "Lost Reply" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page).toHaveURL(new RegExp(lost.replace("?", "\\?") + "$"));
    await expect(page.getByRole("status")).toHaveText("Thank you for your order!");
  });

  test("a made-to-measure shirt is ordered with plain forms", async ({ page }, testInfo) => {
    await page.goto("/p/shirt?lang=en");
    await page.getByTestId("order-link").click();
    await expect(page).toHaveURL(/\/p\/shirt\/checkout/);

    // A mistake comes back with the message and everything typed kept.
    await fillAddress(page, { "Postal code": "80" });
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page.locator('[data-field="postal_code"] .field-error')).toHaveText(
      "Postal codes in Germany look like 00000.",
    );
    await expect(page.locator('[data-field="terms"] .field-error')).toHaveText("Please accept the terms to order.");
    await expect(page.getByLabel("Full name", { exact: true })).toHaveValue("Lina Schneider");
    await page.screenshot({ path: testInfo.outputPath("no-js-problems.png"), fullPage: true });

    await page.getByLabel("Postal code", { exact: true }).fill("80331");
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
    await expect(page.getByRole("status")).toHaveText("Thank you for your order!");
    await expect(page.getByTestId("order-number")).toHaveText(/^\d{4}-\d{6}$/);
    await page.screenshot({ path: testInfo.outputPath("no-js-order.png"), fullPage: true });
  });
});
