import { test, expect } from "./fixtures";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const PASSWORD = "a long enough password";

// The Renault Mégane model as the engine imports it (`atelier-engine
// import-renault`); scripts/test writes it before the browser tests.
const renault = process.env.ATELIER_RENAULT_JSON ?? join(__dirname, "../../target/e2e/renault.json");

// Mia (marketing) comes from admin.spec.ts, which runs first and adds her.
test.describe("catalog import", () => {
  test("the Renault model uploads through the browser with its progress, and its preview configures", async ({ page }, testInfo) => {
    test.skip(!existsSync(renault) && !process.env.CI, `no ${renault}: run scripts/test, or set ATELIER_RENAULT_JSON`);
    expect(statSync(renault).size).toBeGreaterThan(1_000_000);
    test.setTimeout(120_000);
    await page.goto("/admin/catalog?lang=en");
    await page.getByLabel("Email").fill("mia@atelier.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const discard = page.getByRole("link", { name: "Review and publish" });
    if (await discard.count()) {
      await discard.click();
      await page.getByRole("button", { name: "Discard the draft" }).click();
      await page.goto("/admin/catalog?lang=en");
    }

    await page.getByLabel(/Upload a whole catalog as the draft/).setInputFiles(renault);
    await page.getByRole("button", { name: "Upload as the draft", exact: true }).click();
    // The upload's progress, then that the server checks and compiles it.
    await expect(page.getByText("Uploaded; the server checks and compiles the catalog …")).toBeVisible();
    await expect(page.locator("form[data-upload] progress")).toHaveJSProperty("value", 100);
    await page.screenshot({ path: testInfo.outputPath("renault-uploading.png"), fullPage: true });
    await expect(page).toHaveURL(/\/admin\/catalog\/draft\?done=saved$/, { timeout: 60_000 });
    await expect(page.getByTestId("draft-summary")).toContainText("1 products");
    await expect(page.getByTestId("changes").locator("tr", { hasText: "products[renault-megane]" })).toContainText("added");
    // Its production line is new to the shop floor: publishing waits for it.
    await expect(page.getByTestId("check-errors")).toContainText("products[renault-megane].production_line");
    await expect(page.getByRole("button", { name: /Publish as version/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("renault-draft.png") });

    // The real configurator on the imported draft: a choice narrows the others.
    await page.goto("/admin/catalog/preview/renault-megane?lang=en");
    await expect(page.getByTestId("preview-notice")).toBeVisible();
    await expect(page.getByTestId("unplanned-line")).toContainText("“renault”");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
    const first = page.locator("fieldset").first();
    const unavailableBefore = await page.locator("label.option.unavailable").count();
    await first.locator("label.option:not(.unavailable)").last().click();
    await expect(page).toHaveURL(/\/admin\/catalog\/preview\/renault-megane\?.+=/);
    await expect.poll(() => page.locator("label.option.unavailable").count()).toBeGreaterThan(unavailableBefore);
    await page.screenshot({ path: testInfo.outputPath("renault-preview.png") });

    // The draft goes again, so the tests after this one see the live catalog.
    await page.goto("/admin/catalog/draft?lang=en");
    await page.getByRole("button", { name: "Discard the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Draft discarded");
  });
});
