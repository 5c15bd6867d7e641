import { test, expect, placeRingOrder } from "./fixtures";
import type { Page } from "@playwright/test";

const PASSWORD = "a long enough password";

async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The total price shown, in cents. */
async function total(page: Page): Promise<number> {
  const text = await page.getByTestId("total").textContent();
  return Math.round(Number((text ?? "").replace(/[^\d.]/g, "")) * 100);
}

// Mia (marketing) comes from admin.spec.ts, which runs first and adds her.
test.describe("catalog editor", () => {
  test("marketing changes a price, adds an option with a rule, sees the live check, previews, publishes, and rolls back", async ({ page, browser }, testInfo) => {
    // An open order, placed before the change.
    const { customer: buyer, number } = await placeRingOrder(browser, "Eda", "Eda Editor", "eda@example.test");
    await page.goto("/admin/catalog?lang=en");
    await signIn(page, "mia@atelier.test");
    // Start from the live version: a draft left by other tests is discarded.
    const discard = page.getByRole("link", { name: "Review and publish" });
    if (await discard.count()) {
      await discard.click();
      await page.getByRole("button", { name: "Discard the draft" }).click();
    }
    const live = Number(await page.getByTestId("versions").locator("tbody tr").first().getAttribute("data-version"));
    await page.getByRole("link", { name: "Edit the catalog in forms" }).click();
    await expect(page.getByText("There is no draft yet")).toBeVisible();
    await page.getByTestId("editor-products").getByRole("link", { name: "Engraved ring" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit a product");

    // A new price, and a new metal.
    await page.getByLabel("Base price incl. VAT (EUR)").fill("99.00");
    await page.locator('[id="a0.new_option.id"]').fill("titanium");
    await page.locator('[id="a0.new_option.label"]').fill("Titanium");
    await page.locator("#a0").getByRole("button", { name: "Add the option" }).click();
    await expect(page.getByRole("status")).toContainText("Saved in the draft");
    await expect(page.getByLabel("Base price incl. VAT (EUR)")).toHaveValue("99.00");
    const titanium = page.locator("#a0 tr", { hasText: "titanium" });
    await titanium.getByLabel(/price/).fill("120");
    await titanium.getByLabel(/label German/).fill("Titan");

    // A rule with a syntax error is saved, and the check says where.
    await page.locator('[id="new_rule.rule"]').fill("metal = titanium excludes stone =");
    await page.getByRole("button", { name: "Add the rule" }).click();
    await expect(page.getByRole("status")).toContainText("Saved in the draft");
    const error = page.getByTestId("findings").locator("li.refused", { hasText: "line 1, column" });
    await expect(error).toBeVisible();
    const anchor = (await error.getByRole("link").getAttribute("href"))!.slice(1);
    expect(anchor).toMatch(/^r\d+$/);
    await page.screenshot({ path: testInfo.outputPath("editor-rule-error.png"), fullPage: true });

    // The live check while typing: fixed in the form, not saved yet.
    const rule = page.locator(`[id="${anchor}.rule"]`);
    await rule.fill("metal = titanium excludes stone = ruby");
    await expect(page.locator("[data-check-status]")).toHaveText("Checked, not saved yet.");
    await expect(page.getByTestId("findings").locator("li", { hasText: "line 1, column" })).toHaveCount(0);
    await rule.fill("metal = titanium excludes stone in (ruby, ");
    await expect(page.getByTestId("findings").locator("li.refused", { hasText: "column" })).toBeVisible();
    await rule.fill("metal = titanium excludes stone = ruby");
    await page.getByRole("button", { name: "Save in the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Saved in the draft");
    await expect(page.getByTestId("findings").locator("li.refused")).toHaveCount(0);
    // A rule that rules out the open order's sapphire on yellow gold.
    await page.locator('[id="new_rule.rule"]').fill("stone = sapphire requires metal in (titanium, platinum)");
    await page.getByRole("button", { name: "Add the rule" }).click();
    await expect(page.getByRole("status")).toContainText("Saved in the draft");
    await page.screenshot({ path: testInfo.outputPath("editor-ring.png"), fullPage: true });

    // The preview: the real configurator on the draft, no ordering.
    await page.getByRole("link", { name: "Preview in the configurator" }).click();
    await expect(page.getByTestId("preview-notice")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await page.locator("label.option", { hasText: "Titanium" }).click();
    await expect(page).toHaveURL(/\/admin\/catalog\/preview\/ring\?.*metal=titanium/);
    await expect(page.getByRole("radio", { name: /Titanium/ })).toBeChecked();
    await expect(page.locator("label.option", { hasText: "Ruby" })).toHaveClass(/unavailable/);
    await expect(page.getByRole("button", { name: /Order|Add to cart/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("editor-preview.png"), fullPage: true });

    // Customers still see the live ring.
    const customer = await browser.newPage();
    await customer.goto("/p/ring?lang=en");
    await expect(customer.getByRole("radio", { name: /Titanium/ })).toHaveCount(0);

    // The review names the open order the change would invalidate.
    await page.goto("/admin/catalog/draft?lang=en");
    await expect(page.getByTestId("impact").locator("tr", { hasText: number })).toContainText("no longer valid");

    // Publishing it.
    await page.getByLabel(/What changes and why/).fill("Titanium rings, new base price");
    const confirm = page.getByLabel(/I have read the/);
    if (await confirm.count()) await confirm.check();
    const override = page.getByLabel(/Publish anyway, because/);
    if (await override.count()) await override.fill("The ring's new price is intended");
    await page.getByRole("button", { name: `Publish as version ${live + 1}` }).click();
    await expect(page.getByRole("status")).toContainText(`Published as version ${live + 1}`);
    await customer.goto("/p/ring?lang=en&metal=titanium&width=4mm&size=54&finish=polished");
    await expect(customer.getByRole("radio", { name: /Titanium/ })).toBeChecked();
    const published = await total(customer);
    await customer.goto("/p/ring?lang=en&metal=silver&width=4mm&size=54&finish=polished");
    expect(published - (await total(customer))).toBe(12000);
    // The order placed before keeps its specification.
    await buyer.reload();
    await expect(buyer.getByText("14k yellow gold (585)").first()).toBeVisible();
    await expect(buyer.getByText("Blue sapphire, 2.5 mm").first()).toBeVisible();
    await buyer.close();

    // Rolling back restores the version before, for the tests after this one.
    const row = page.getByTestId("versions").locator(`tr[data-version="${live}"]`);
    await row.getByPlaceholder("Reason").fill("Back to the catalog before the editor test");
    await row.getByRole("button", { name: "Publish again" }).click();
    await expect(page.getByRole("status")).toContainText(`Published again as version ${live + 2}`);
    await customer.goto("/p/ring?lang=en");
    await expect(customer.getByRole("radio", { name: /Titanium/ })).toHaveCount(0);
    await customer.close();
  });

  test("a save from an older revision is refused with what changed meanwhile", async ({ page, browser }) => {
    await page.goto("/admin/catalog/draft/products/shirt?lang=en");
    await signIn(page, "mia@atelier.test");
    const other = await browser.newPage();
    await other.goto("/admin/catalog/draft/products/shirt?lang=en");
    await signIn(other, "mia@atelier.test");
    await expect(other.getByRole("heading", { level: 1 })).toHaveText("Edit a product");

    await page.getByLabel("Shipping (working days)").fill("3");
    await page.getByRole("button", { name: "Save in the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Saved in the draft");

    await other.getByLabel("Production (working days)").fill("12");
    await other.getByRole("button", { name: "Save in the draft" }).click();
    await expect(other.getByRole("status")).toContainText("The draft was changed meanwhile");
    const conflict = other.getByTestId("conflict");
    await expect(conflict).toContainText("products[shirt].shipping_days");
    await expect(conflict).toContainText("products[shirt].base_days");
    // The form shows the new revision; saving again applies it on top.
    await expect(other.getByLabel("Shipping (working days)")).toHaveValue("3");
    await other.getByLabel("Production (working days)").fill("12");
    await other.getByRole("button", { name: "Save in the draft" }).click();
    await expect(other.getByRole("status")).toContainText("Saved in the draft");
    await expect(other.getByLabel("Shipping (working days)")).toHaveValue("3");
    await expect(other.getByLabel("Production (working days)")).toHaveValue("12");
    await other.close();

    // The draft goes again, so the tests after this one see the live catalog.
    await page.goto("/admin/catalog/draft?lang=en");
    await page.getByRole("button", { name: "Discard the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Draft discarded");
  });
});
