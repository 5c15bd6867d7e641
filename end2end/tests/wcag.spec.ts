import { test, expect, fillAddress, placeRingOrder } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

const PASSWORD = "a long enough password";

/** Runs axe-core on the page as it is and returns its violations, readable. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map(
    (v) => `${page.url()}: ${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n  ")}`,
  );
}

// The owner comes from admin.spec.ts, which runs first and adds the people;
// this file runs last (files run in name order).
test.describe("accessibility (axe-core, WCAG 2.1 AA)", () => {
  test("the customer's pages have no violations", async ({ page, browser }) => {
    test.setTimeout(300_000);
    const { customer, number } = await placeRingOrder(browser, "Ada", "Ada Axe", "ada@example.test");
    expect(number).not.toBe("");
    const status = customer.url();
    await customer.close();
    const found: string[] = [];
    const pages = [
      "/?lang=en",
      "/?lang=de",
      "/p/car?lang=en",
      "/p/ring?lang=en&engraving=Anna",
      "/p/shirt?lang=de",
      "/p/ring/checkout?lang=en&metal=silver&width=4mm&size=54&finish=polished",
      "/cart?lang=en",
      "/no/such/page?lang=en",
      status,
    ];
    // axe-core runs in the page, so with JavaScript; the HTML it checks is
    // what the server renders for browsers without it too.
    for (const path of pages) {
      await page.goto(path);
      if (/^\/p\/[a-z]+\?/.test(path)) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
      found.push(...(await violations(page)));
    }
    // A refused checkout shows its problems accessibly too.
    await page.goto("/p/ring/checkout?lang=en&metal=silver&width=4mm&size=54&finish=polished");
    await fillAddress(page, { "Postal code": "80" });
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole("button", { name: "Place binding order" }).click();
    await expect(page.locator('[data-field="postal_code"] .field-error')).toBeVisible();
    found.push(...(await violations(page)));
    expect(found, found.join("\n")).toEqual([]);
  });

  test("the back office has no violations", async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto("/admin/login?lang=en");
    const found: string[] = [];
    found.push(...(await violations(page)));
    await page.getByLabel("Email").fill("owner@atelier.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin/);
    const number = await page.goto("/admin/orders?lang=en").then(async () => {
      const link = page.locator("a.order-number, .order-number a, .order-number").first();
      return ((await link.textContent()) ?? "").trim();
    });
    const pages = [
      "/admin?lang=en",
      "/admin/orders?lang=en",
      "/admin/orders?lang=de",
      `/admin/orders/${number}?lang=en`,
      `/admin/orders/${number}/work-order?lang=en`,
      "/admin/operations?lang=en",
      "/admin/users?lang=en",
      "/admin/catalog?lang=en",
      "/admin/catalog/draft/products?lang=en",
      "/admin/catalog/draft/products/ring?lang=en",
      "/admin/catalog/preview/ring?lang=en",
      "/admin/integrations?lang=en",
    ];
    for (const path of pages) {
      await page.goto(path);
      found.push(...(await violations(page)));
    }
    // The editor started a draft; it goes again for the tests after this one.
    await page.goto("/admin/catalog/draft?lang=en");
    found.push(...(await violations(page)));
    const discard = page.getByRole("button", { name: "Discard the draft" });
    if (await discard.count()) await discard.click();
    expect(found, found.join("\n")).toEqual([]);
  });
});
