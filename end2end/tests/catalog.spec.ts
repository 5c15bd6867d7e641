import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { writeFileSync } from "node:fs";

const PASSWORD = "a long enough password";

/** The total price shown, in cents. */
async function total(page: Page): Promise<number> {
  const text = await page.getByTestId("total").textContent();
  return Math.round(Number((text ?? "").replace(/[^\d.]/g, "")) * 100);
}

async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The live version's number, from the versions table. */
async function liveVersion(page: Page): Promise<number> {
  const first = page.getByTestId("versions").locator("tbody tr").first();
  return Number(await first.getAttribute("data-version"));
}

// Mia (marketing) comes from admin.spec.ts, which runs first and adds her.
test.describe("catalog publishing", () => {
  test("marketing uploads a dearer ring, reviews and publishes it, the shop follows, and a rollback restores the price", async ({ page, browser }, testInfo) => {
    const ringLink = "/p/ring?lang=en&metal=yellow-gold&stone=sapphire&width=4mm&size=54&finish=polished";
    const customer = await browser.newPage({ javaScriptEnabled: false });
    await customer.goto(ringLink);
    const before = await total(customer);
    expect(before).toBeGreaterThan(0);

    await page.goto("/admin/catalog?lang=en");
    await signIn(page, "mia@atelier.test");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Catalog");
    const live = await liveVersion(page);

    // A test configuration: this ring must keep what it gives today.
    await page.getByLabel("Product", { exact: true }).selectOption("ring");
    await page.getByLabel(/Configuration link/).fill(ringLink);
    await page.getByLabel("Name of the test").fill("Sapphire ring, size 54");
    await page.getByRole("button", { name: "Save with what it gives today" }).click();
    await expect(page.getByRole("status")).toContainText("Test configuration saved");
    await expect(page.getByTestId("tests")).toContainText("Sapphire ring, size 54");

    // The live version, downloaded, with the ring 100 € dearer, uploaded as the draft.
    const href = await page.getByTestId("versions").locator("tbody tr").first().getByRole("link", { name: "download" }).getAttribute("href");
    const catalog = await (await page.request.get(href!)).json();
    const ring = catalog.products.find((p: { id: string }) => p.id === "ring");
    ring.base_price += 10000;
    const file = testInfo.outputPath("dearer-ring.json");
    writeFileSync(file, JSON.stringify(catalog));
    await page.getByLabel(/Upload a whole catalog as the draft/).setInputFiles(file);
    await page.getByRole("button", { name: "Upload as the draft", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/catalog\/draft\?done=saved$/);
    await expect(page.getByRole("heading", { name: `Changes against version ${live} (live)` })).toBeVisible();
    const change = page.getByTestId("changes").locator("tr", { hasText: "products[ring].base_price" });
    await expect(change).toContainText("changed");
    // The open ring orders of the tests before would cost more: the impact report says so.
    await expect(page.getByTestId("impact")).toContainText("price changes");
    await page.screenshot({ path: testInfo.outputPath("draft.png"), fullPage: true });

    // The test configuration fails on the dearer draft: publishing it needs a reason.
    await expect(page.getByTestId("test-runs").locator("tr", { hasText: "Sapphire ring, size 54" })).toContainText("fails");
    await page.getByLabel(/What changes and why/).fill("Ring prices for 2027");
    const confirm = page.getByLabel(/I have read the/);
    if (await confirm.count()) await confirm.check();
    await page.getByRole("button", { name: `Publish as version ${live + 1}` }).click();
    await expect(page.getByRole("status")).toContainText("1 test configuration(s) fail (Sapphire ring, size 54)");
    await page.getByLabel(/What changes and why/).fill("Ring prices for 2027");
    if (await confirm.count()) await confirm.check();
    await page.getByLabel(/Publish anyway, because/).fill("The new prices are wanted");
    await page.getByRole("button", { name: `Publish as version ${live + 1}` }).click();
    await expect(page.getByRole("status")).toHaveText(`Published as version ${live + 1}; customers see it now.`);
    await expect(page.getByTestId("versions")).toContainText("Ring prices for 2027");
    await expect(page.getByTestId("draft")).toHaveText("No draft.");
    await page.screenshot({ path: testInfo.outputPath("published.png"), fullPage: true });

    await customer.reload();
    expect(await total(customer)).toBe(before + 10000);

    // What changed, between any two versions.
    await page.goto(`/admin/catalog/compare?from=${live}&to=${live + 1}&lang=en`);
    await expect(page.getByTestId("changes")).toContainText("products[ring].base_price");

    // Rolling back publishes the old version again, as a new one.
    await page.goto("/admin/catalog?lang=en");
    const old = page.locator(`tr[data-version="${live}"]`);
    await old.getByPlaceholder("Reason").fill("Back to the old prices");
    await old.getByRole("button", { name: "Publish again" }).click();
    await expect(page.getByRole("status")).toHaveText(`Published again as version ${live + 2}; customers see it now.`);
    await customer.reload();
    expect(await total(customer)).toBe(before);
    await customer.close();
  });

  test("a draft whose rule does not parse shows where and cannot be published", async ({ page }, testInfo) => {
    await page.goto("/admin/catalog?lang=en");
    await signIn(page, "mia@atelier.test");
    const href = await page.getByTestId("versions").locator("tbody tr").first().getByRole("link", { name: "download" }).getAttribute("href");
    const catalog = await (await page.request.get(href!)).json();
    const ring = catalog.products.find((p: { id: string }) => p.id === "ring");
    ring.rules.push({ rule: "metal = ", message: { de: "", en: "" } });
    const file = testInfo.outputPath("broken-rule.json");
    writeFileSync(file, JSON.stringify(catalog));
    await page.getByLabel(/Upload a whole catalog as the draft/).setInputFiles(file);
    await page.getByRole("button", { name: "Upload as the draft", exact: true }).click();
    const errors = page.getByTestId("check-errors");
    await expect(errors).toContainText("the draft cannot be published like this");
    await expect(errors).toContainText("products[ring].rules");
    await expect(page.getByRole("button", { name: /Publish as version/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("draft-error.png"), fullPage: true });
    await page.getByRole("button", { name: "Discard the draft" }).click();
    await expect(page.getByRole("status")).toHaveText("Draft discarded.");
  });
  test("two people uploading from the same draft: the second upload is refused, not silently overwriting", async ({ page, browser }, testInfo) => {
    await page.goto("/admin/catalog?lang=en");
    await signIn(page, "mia@atelier.test");
    const href = await page.getByTestId("versions").locator("tbody tr").first().getByRole("link", { name: "download" }).getAttribute("href");
    const catalog = await (await page.request.get(href!)).json();
    const file = testInfo.outputPath("same-draft.json");
    writeFileSync(file, JSON.stringify(catalog));

    // A colleague opened the page at the same time and uploads first.
    const colleague = await browser.newPage();
    await colleague.goto("/admin/catalog?lang=en");
    await signIn(colleague, "mia@atelier.test");
    await colleague.goto("/admin/catalog?lang=en");
    await colleague.getByLabel(/Upload a whole catalog as the draft/).setInputFiles(file);
    await colleague.getByRole("button", { name: "Upload as the draft", exact: true }).click();
    await expect(colleague).toHaveURL(/\/admin\/catalog\/draft\?done=saved$/);
    await colleague.close();

    await page.getByLabel(/Upload a whole catalog as the draft/).setInputFiles(file);
    await page.getByRole("button", { name: "Upload as the draft", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("The draft was changed meanwhile by Mia Marketing");
    await expect(page.getByTestId("draft")).toContainText("Draft revision 1");
    await page.screenshot({ path: testInfo.outputPath("stale-upload.png"), fullPage: true });
    await page.getByRole("link", { name: "Review and publish" }).click();
    await page.getByRole("button", { name: "Discard the draft" }).click();
    await expect(page.getByRole("status")).toHaveText("Draft discarded.");
  });
});
