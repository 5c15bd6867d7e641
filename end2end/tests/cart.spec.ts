import { test, expect, fillAddress, watchConsole, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RING =
  "/p/ring?lang=en&metal=white-gold&stone=sapphire&width=4mm&size=56&finish=matte&engraving=Lina&engraving.font=serif";
const shirt = (monogram: string) =>
  `/p/shirt?lang=en&fit=standard&size=l&fabric=oxford-blue&collar=button-down&monogram=${monogram}`;

/** Fills the checkout form's contact and address and accepts the terms. */
async function fillCheckout(page: Page) {
  await fillAddress(page);
  await page.getByLabel(/I accept the terms/).check();
}

/** A cart line by a text it shows. */
const line = (page: Page, text: string) => page.getByTestId("cart-line").filter({ hasText: text });

/** Marks the document, to tell later whether the page was reloaded. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1));
}
async function stillMarked(page: Page) {
  return page.evaluate(() => (window as unknown as { mark?: number }).mark === 1);
}

test.describe("cart", () => {
  test("fills a cart with personalised pieces, changes it, leaves, comes back and orders it", async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.goto(RING);
    await waitForHydration(page);
    await expect(page.locator("#cart-count")).toHaveText("0");
    await mark(page);
    await page.getByTestId("add-to-cart").click();
    await expect(page.locator(".cart-answer")).toContainText("Added to your cart: Engraved ring.");
    await expect(page.locator("#cart-count")).toHaveText("1");
    expect(await stillMarked(page)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath("added.png") });

    for (const monogram of ["AB", "AC"]) {
      await page.goto(shirt(monogram));
      await waitForHydration(page);
      await page.getByTestId("add-to-cart").click();
      await expect(page.locator(".cart-answer")).toContainText("Added to your cart: Made-to-measure shirt.");
    }
    await expect(page.locator("#cart-count")).toHaveText("3");

    await page.getByRole("link", { name: "View cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await waitForHydration(page);
    await expect(page.getByTestId("cart-line")).toHaveCount(3);
    await expect(line(page, "“Lina”")).toContainText("Blue sapphire, 2.5 mm");
    await expect(line(page, "“AB”").getByTestId("line-window")).not.toBeEmpty();
    await expect(page.getByTestId("promise")).toContainText("Everything delivered together");
    await page.screenshot({ path: testInfo.outputPath("cart.png"), fullPage: true });

    // Change the first shirt in the configurator; saving replaces its line.
    await line(page, "“AB”").getByRole("link", { name: "Change" }).click();
    await expect(page).toHaveURL(/\/p\/shirt\?.*_line=/);
    await waitForHydration(page);
    await page.locator("input[name=monogram]").fill("AD");
    await expect(page).toHaveURL(/monogram=AD/);
    await page.getByTestId("add-to-cart").click();
    await expect(page).toHaveURL(/\/cart$/);
    await waitForHydration(page);
    await expect(page.getByTestId("cart-line")).toHaveCount(3);
    await expect(line(page, "“AD”")).toHaveCount(1);
    await expect(line(page, "“AB”")).toHaveCount(0);

    // Remove one and raise another, in place.
    await mark(page);
    await line(page, "“AC”").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("cart-line")).toHaveCount(2);
    await expect(page.locator("#cart-count")).toHaveText("2");
    const before = await page.getByTestId("cart-total").textContent();
    await line(page, "“Lina”").getByLabel("Quantity").fill("2");
    await line(page, "“Lina”").getByLabel("Quantity").press("Enter");
    await expect(page.locator("#cart-count")).toHaveText("3");
    await expect(page.getByTestId("cart-total")).not.toHaveText(before ?? "");
    await expect(page.getByRole("status").first()).toContainText("The quantity was changed.");
    expect(await stillMarked(page)).toBe(true);

    // The cart survives a reload (it lives on the server, under its cookie).
    await page.reload();
    await expect(page.getByTestId("cart-line")).toHaveCount(2);
    await expect(line(page, "“Lina”").getByLabel("Quantity")).toHaveValue("2");
    const total = await page.getByTestId("cart-total").textContent();

    await page.getByTestId("to-checkout").click();
    await expect(page).toHaveURL(/\/cart\/checkout$/);
    await expect(page.getByTestId("checkout-lines").locator("li")).toHaveCount(2);
    await expect(page.getByTestId("total")).toHaveText(total ?? "");
    await fillCheckout(page);
    await page.screenshot({ path: testInfo.outputPath("cart-checkout.png"), fullPage: true });
    await page.getByRole("button", { name: "Place binding order" }).click();

    await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your order: 2 items");
    await expect(page.getByTestId("order-line")).toHaveCount(2);
    await expect(page.getByTestId("order-line").first()).toContainText("“Lina”");
    await expect(page.getByTestId("order-line").nth(1)).toContainText("“AD”");
    await expect(page.getByTestId("total")).toHaveText(total ?? "");
    await expect(page.locator("#cart-count")).toHaveText("0");
    await page.screenshot({ path: testInfo.outputPath("cart-order.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("a line made stale by a newly published catalog shows why, and its repair in one click", async ({ page }) => {
    await page.goto(RING);
    await waitForHydration(page);
    await page.getByTestId("add-to-cart").click();
    await expect(page.locator(".cart-answer")).toContainText("Added to your cart");

    // Marketing publishes a catalog without the sapphire.
    const catalog = JSON.parse(readFileSync(join(__dirname, "../../catalog/catalog.json"), "utf8"));
    const ring = catalog.products.find((p: { id: string }) => p.id === "ring");
    const stone = ring.attributes.find((a: { id: string }) => a.id === "stone");
    stone.options = stone.options.filter((o: { id: string }) => o.id !== "sapphire");
    const changed = publish(catalog);
    try {
      await waitForVersion(page, changed);
      await page.goto("/cart?lang=en");
      await waitForHydration(page);
      const stale = line(page, "Engraved ring");
      await expect(stale.getByTestId("line-issue")).toContainText("sapphire");
      await expect(stale.getByTestId("line-issue")).toContainText("without Stone: sapphire");
      await expect(page.getByTestId("to-checkout")).toHaveCount(0);
      await expect(page.getByText("Please decide first what to do with the marked items.")).toBeVisible();
      await page.screenshot({ path: test.info().outputPath("stale-line.png"), fullPage: true });

      await stale.getByTestId("apply-repair").click();
      await expect(stale.getByTestId("line-issue")).toHaveCount(0);
      await expect(stale).not.toContainText("sapphire");
      await expect(page.getByTestId("to-checkout")).toBeVisible();
      await stale.getByRole("button", { name: "Remove" }).click();
      await expect(page.getByText("Your cart is empty.")).toBeVisible();
    } finally {
      // The demo catalog again, for the tests that follow.
      const restored = publish(JSON.parse(readFileSync(join(__dirname, "../../catalog/catalog.json"), "utf8")));
      await waitForVersion(page, restored);
    }
  });
});

test.describe("cart without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("adds, changes, removes and orders with plain forms", async ({ page }, testInfo) => {
    await page.goto(RING);
    await page.getByTestId("add-to-cart").click();
    await expect(page).toHaveURL(/\/cart\?done=add/);
    await expect(page.getByRole("status")).toContainText("The item is in your cart.");
    await expect(page.locator("#cart-count")).toHaveText("1");

    await page.goto(shirt("XY"));
    await page.getByTestId("add-to-cart").click();
    await page.goto(shirt("XZ"));
    await page.getByTestId("add-to-cart").click();
    await expect(page.getByTestId("cart-line")).toHaveCount(3);

    await line(page, "“XY”").getByLabel("Quantity").fill("3");
    await line(page, "“XY”").getByRole("button", { name: "Update quantity" }).click();
    await expect(page.getByRole("status")).toContainText("The quantity was changed.");
    await expect(page.locator("#cart-count")).toHaveText("5");
    await line(page, "“XZ”").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("cart-line")).toHaveCount(2);

    // More than the tailor makes in a day gets its reason, and changes nothing.
    await line(page, "“XY”").getByLabel("Quantity").fill("9");
    await line(page, "“XY”").getByRole("button", { name: "Update quantity" }).click();
    await expect(page.getByRole("status")).toContainText("up to 8 pieces");
    await expect(line(page, "“XY”").getByLabel("Quantity")).toHaveValue("3");
    await page.screenshot({ path: testInfo.outputPath("no-js-cart.png"), fullPage: true });

    await page.getByTestId("to-checkout").click();
    await fillCheckout(page);
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
    await expect(page.getByTestId("order-line")).toHaveCount(2);
    await expect(page.getByTestId("order-line").nth(1)).toContainText("“XY”");
    await expect(page.getByTestId("order-line").nth(1)).toContainText("3");
    await page.screenshot({ path: testInfo.outputPath("no-js-cart-order.png"), fullPage: true });
  });
});

/** Publishes `catalog` with the server's own command; the new version. */
function publish(catalog: unknown): number {
  const dir = mkdtempSync(join(tmpdir(), "atelier-catalog-"));
  const file = join(dir, "catalog.json");
  writeFileSync(file, JSON.stringify(catalog));
  const server = join(__dirname, "../../target/release/atelier-server");
  const output = execFileSync(server, ["catalog", "publish", file, "--by", "browser test"], {
    cwd: join(__dirname, "../.."),
    env: { ...process.env, ATELIER_LOG_FORMAT: "json", RUST_LOG: "warn" },
    encoding: "utf8",
  });
  const match = /published catalog version (\d+)/.exec(output);
  if (!match) throw new Error(`unexpected output: ${output}`);
  return Number(match[1]);
}

/** Waits until the server serves catalog `version`. */
async function waitForVersion(page: Page, version: number) {
  await expect
    .poll(async () => (await page.request.get("/readyz")).text(), { timeout: 10_000 })
    .toBe(`ready: catalog version ${version}`);
}
