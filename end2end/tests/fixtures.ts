import { test as base, expect, type Page } from "@playwright/test";

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

export const test = base;
export { expect };
