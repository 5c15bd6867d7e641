import { test as base, expect, type Browser, type Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}

/** Waits until the wasm app has hydrated the page. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
}

/** Fills the contact and address fields of a checkout form. */
export async function fillAddress(page: Page, overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    "Full name": "Lina Schneider",
    Email: "lina@example.de",
    "Street and number": "Lindenstraße 12",
    "Postal code": "80331",
    City: "München",
    ...overrides,
  };
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

/** Places a sapphire ring engraved `engraving` for `name` and `email` with
 *  plain forms (no JavaScript); the customer's status page, still open, and
 *  the order's number. */
export async function placeRingOrder(browser: Browser, engraving: string, name: string, email: string) {
  const customer = await browser.newPage({ javaScriptEnabled: false });
  await customer.goto(
    `/p/ring/checkout?lang=en&metal=yellow-gold&stone=sapphire&width=4mm&size=54&finish=polished&engraving=${engraving}&engraving.font=serif`,
  );
  await fillAddress(customer, { "Full name": name, Email: email });
  await customer.getByLabel(/I accept the terms/).check();
  await customer.getByRole("button", { name: "Place binding order" }).click();
  await expect(customer).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
  const number = (await customer.getByTestId("order-number").textContent()) ?? "";
  expect(number).not.toBe("");
  return { customer, number };
}

export const test = base;
export { expect };
