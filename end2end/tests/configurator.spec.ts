import { test, expect, watchConsole, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";

/** The total price shown, in cents. */
async function total(page: Page): Promise<number> {
  const text = await page.getByTestId("total").textContent();
  return Math.round(Number((text ?? "").replace(/[^\d.]/g, "")) * 100);
}

test.describe("configurator", () => {
  test("configures the car: price, date and link follow every choice", async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.goto("/p/car?lang=en");
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1, name: "K3 compact" })).toBeVisible();
    await expect(page.getByTestId("completeness")).toHaveText("Your configuration is complete.");
    const before = await total(page);
    const windowBefore = await page.getByTestId("window").textContent();

    await page.getByRole("radio", { name: /Ice silver metallic/ }).check();
    await expect(page).toHaveURL(/paint=silver/);
    await expect.poll(() => total(page)).toBe(before + 89000);
    // The preview follows the choice.
    await expect(page.getByRole("img", { name: /Ice silver metallic/ })).toBeVisible();

    // Special paint adds ten days of production: the window moves.
    await page.getByRole("radio", { name: /British green matte/ }).check();
    await expect(page).toHaveURL(/paint=green/);
    await expect(page.getByTestId("window")).not.toHaveText(windowBefore ?? "");
    await expect(page.locator(".delivery-panel .reasons")).toContainText("special paint");

    await page.getByRole("checkbox", { name: /Winter package/ }).check();
    await expect(page).toHaveURL(/packages=winter/);
    await page.screenshot({ path: testInfo.outputPath("car.png"), fullPage: true });

    // Back and forward step through the choices.
    await page.goBack();
    await expect(page).not.toHaveURL(/packages=winter/);
    await expect(page.getByRole("checkbox", { name: /Winter package/ })).not.toBeChecked();
    await page.goForward();
    await expect(page.getByRole("checkbox", { name: /Winter package/ })).toBeChecked();
    expect(errors).toEqual([]);
  });

  test("the language switch keeps the configuration changed in place", async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto("/p/ring?lang=en&metal=silver&engraving=Anna");
    await waitForHydration(page);
    await page.getByRole("radio", { name: /14k rose gold/ }).check();
    await expect(page).toHaveURL(/metal=rose-gold/);
    await page.getByRole("link", { name: "Deutsch" }).click();
    await expect(page).toHaveURL(/lang=de/);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page).toHaveURL(/metal=rose-gold/);
    await expect(page.getByRole("radio", { name: /Roségold 585/ })).toBeChecked();
    await expect(page.getByRole("textbox", { name: "Innengravur" })).toHaveValue("Anna");
    expect(errors).toEqual([]);
  });

  test("an impossible value shows its reason, and choosing it offers the change", async ({ page }) => {
    await page.goto("/p/car?lang=en&line=basis");
    await waitForHydration(page);
    const wheel = page.locator("label.option", { hasText: "20 inch forged wheels" });
    await expect(wheel).toHaveClass(/unavailable/);
    await wheel.hover();
    await expect(wheel.getByRole("note")).toHaveText("20 inch wheels are available from the Style line.");

    // Unavailable values stay focusable and clickable (aria-disabled): a click asks.
    await wheel.click({ force: true });
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Trim line: Basis");
    await expect(dialog).toContainText("20 inch wheels are available from the Style line.");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/line=basis/);
    await expect(page.getByRole("radio", { name: /20 inch forged wheels/ })).not.toBeChecked();

    await wheel.click({ force: true });
    await page.getByRole("alertdialog").getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/wheels=20in/);
    await expect(page).not.toHaveURL(/line=basis/);
    await expect(page.getByRole("radio", { name: /20 inch forged wheels/ })).toBeChecked();

    await page.getByRole("link", { name: "Undo" }).click();
    await expect(page).toHaveURL(/line=basis/);
    await expect(page.getByRole("radio", { name: "Basis" })).toBeChecked();
  });

  test("a shared link restores the configuration, and a stale one is repaired with a notice", async ({ page }) => {
    await page.goto("/p/car?lang=en&line=sport&engine=v6&wheels=19in&paint=red");
    await waitForHydration(page);
    await expect(page.getByRole("radio", { name: /V6 3.0 l/ })).toBeChecked();
    await expect(page.getByRole("radio", { name: /Carmine red/ })).toBeChecked();
    await expect(page.getByRole("radio", { name: /8-speed automatic/ })).toBeChecked();

    await page.goto("/p/car?lang=en&engine=v12&colour=pink");
    await expect(page.locator(".notices")).toContainText("v12");
    await expect(page.locator(".notices")).toContainText("colour");
  });

  test("the ring: engraving text, price per character, and refused characters", async ({ page }, testInfo) => {
    await page.goto("/p/ring?lang=en&size=56");
    await waitForHydration(page);
    const before = await total(page);
    const engraving = page.locator("input[name=engraving]");
    await engraving.fill("Anna");
    await expect(page).toHaveURL(/engraving=Anna/);
    await expect(page.locator("svg.product-preview text", { hasText: "Anna" })).toHaveCount(1);
    await expect.poll(() => total(page)).toBe(before + 500 + 4 * 150);
    // "Jürg" typed with a combining diaeresis is four characters once
    // normalised (NFC, by the browser's own normaliser in the wasm), and
    // "ü" is in the engraving's allowed set.
    await engraving.fill("Ju\u0308rg");
    await expect(page).toHaveURL(/engraving=J/);
    await expect(page.locator("#error-engraving")).toBeEmpty();
    await expect(engraving).not.toHaveAttribute("aria-invalid", "true");
    await expect.poll(() => total(page)).toBe(before + 500 + 4 * 150);
    await expect(page.locator("svg.product-preview text", { hasText: "Jürg" })).toHaveCount(1);
    await engraving.fill("Anna 😀");
    await expect(page.locator("#error-engraving")).toContainText("not allowed");
    await expect(engraving).toHaveAttribute("aria-invalid", "true");
    // The refused text changes nothing: the link keeps the last good text.
    await expect(page).toHaveURL(/engraving=J%C3%BCrg(&|$)/);
    await page.screenshot({ path: testInfo.outputPath("ring.png"), fullPage: true });
  });

  test("the shirt: measurements appear for made to measure and are checked", async ({ page }) => {
    await page.goto("/p/shirt?lang=en");
    await waitForHydration(page);
    await expect(page.locator("input[name=chest]")).toBeHidden();
    await page.getByRole("radio", { name: /Made to measure/ }).check();
    await expect(page.locator("input[name=chest]")).toBeVisible();
    await page.locator("input[name=chest]").fill("200");
    await page.locator("input[name=chest]").press("Tab");
    await expect(page.locator("#error-chest")).toContainText("150");
    await page.locator("input[name=chest]").fill("104");
    await page.locator("input[name=chest]").press("Tab");
    await expect(page).toHaveURL(/chest=104/);
  });

  test("an unknown product is a 404", async ({ page }) => {
    const response = await page.goto("/p/spaceship?lang=en");
    expect(response?.status()).toBe(404);
  });
});

test.describe("configurator without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("choices are a form: submitting reloads with the new link and price", async ({ page }) => {
    await page.goto("/p/car?lang=en");
    const before = await total(page);
    await page.getByRole("radio", { name: /Ice silver metallic/ }).check();
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page).toHaveURL(/paint=silver/);
    expect(await total(page)).toBe(before + 89000);
  });
});
