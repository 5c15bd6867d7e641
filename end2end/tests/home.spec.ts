import { test, expect, watchConsole } from "./fixtures";

test.describe("home page", () => {
  test("lists the demo products, sorts them, and logs no errors", async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.goto("/?lang=en");

    await expect(page.getByRole("heading", { level: 1, name: "Made to order" })).toBeVisible();
    const tiles = page.locator(".product-tile");
    await expect(tiles).toHaveCount(3);
    for (const tile of await tiles.all()) {
      await expect(tile.getByRole("heading", { level: 2 })).not.toBeEmpty();
      await expect(tile.locator(".from-price")).toHaveText(/^from €\d{1,3}(,\d{3})*\.\d{2}$/);
    }

    // Nothing on the page runs in the browser, so it loads no wasm and no
    // JavaScript module.
    await expect(page.locator('script[type="module"], link[rel="modulepreload"]')).toHaveCount(0);
    // Sorting is a link, so it works without JavaScript too.
    const namesBefore = await tiles.locator("h2").allTextContents();
    const prices = async () =>
      (await tiles.locator(".from-price").allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, "")));
    await page.getByRole("link", { name: "Sort by price" }).click();
    await expect(page).toHaveURL(/\?sort=price$/);
    await expect(page.getByRole("link", { name: "Original order" })).toBeVisible();
    const sorted = await prices();
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    await page.getByRole("link", { name: "Original order" }).click();
    await expect(tiles.locator("h2")).toHaveText(namesBefore);

    await page.screenshot({ path: testInfo.outputPath("home-en.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("speaks German to a German browser and formats prices the German way", async ({ browser }, testInfo) => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 1, name: "Nach Maß gefertigt" })).toBeVisible();
    await expect(page.locator(".from-price").first()).toHaveText(/^ab \d{1,3}(\.\d{3})*,\d{2} €$/);
    await page.screenshot({ path: testInfo.outputPath("home-de.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  test("speaks German when the browser asks for neither language", async ({ browser }) => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await context.close();
  });

  test("Accept-Language picks English, and the switch remembers the choice", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("link", { name: "Deutsch" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await context.close();
  });

  test("an unknown address answers 404 with a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page?lang=en");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the home page" })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server-rendered home page is complete", async ({ page }, testInfo) => {
    await page.goto("/?lang=en");
    await expect(page.locator(".product-tile")).toHaveCount(3);
    await expect(page.locator(".from-price").first()).toHaveText(/^from €/);
    await expect(page.getByRole("button", { name: "Sort by price" })).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("home-nojs.png"), fullPage: true });
  });
});
