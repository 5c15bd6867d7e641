import { test, expect, fillAddress } from "./fixtures";
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const PASSWORD = "a long enough password";

/** Adds a person with the server's own command. */
function addPerson(email: string, name: string, role: string) {
  const server = join(__dirname, "../../target/release/atelier-server");
  try {
    execFileSync(server, ["user", "add", "--email", email, "--name", name, "--role", role, "--password-stdin"], {
      cwd: join(__dirname, "../.."),
      env: { ...process.env, ATELIER_LOG_FORMAT: "json", RUST_LOG: "warn" },
      input: `${PASSWORD}\n`,
      stdio: ["pipe", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (e) {
    // Already there from an earlier run against the same database.
    if (!String((e as { stderr?: string }).stderr).includes("already signs in")) throw e;
  }
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("back office", () => {
  test.beforeAll(() => {
    addPerson("owner@atelier.test", "Olga Owner", "owner");
    addPerson("staff@atelier.test", "Stefan Staff", "staff");
  });

  test("an owner signs in, sees every area, adds a person and signs out", async ({ page }, testInfo) => {
    await page.goto("/admin/users?lang=en");
    // Without a session: to the sign-in, and back after it.
    await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Fusers/);
    await signIn(page, "owner@atelier.test", "not the password");
    await expect(page.getByRole("status")).toHaveText("The email address or the password is wrong.");
    await signIn(page, "owner@atelier.test");
    await expect(page).toHaveURL(/\/admin\/users$/);
    const nav = page.getByRole("navigation", { name: "Back office" });
    for (const area of ["Overview", "People"]) {
      await expect(nav.getByRole("link", { name: area })).toBeVisible();
    }
    await expect(page.getByText("Signed in as")).toContainText("Olga Owner");

    await page.getByLabel("Name").fill("Mia Marketing");
    await page.getByLabel("Email").fill("mia@atelier.test");
    await page.getByLabel("Role").selectOption("marketing");
    await page.getByLabel(/New password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Add a person" }).click();
    const added = page.getByRole("status");
    await expect(added).toContainText(/The account was created\.|Someone already signs in/);
    await expect(page.getByTestId("people")).toContainText("mia@atelier.test");
    await page.screenshot({ path: testInfo.outputPath("people.png"), fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/admin\/login$/);
    await page.goto("/admin?lang=en");
    await expect(page).toHaveURL(/\/admin\/login/);
  });

  test("staff see only their areas and cannot manage people", async ({ page }, testInfo) => {
    await page.goto("/admin/login?lang=en");
    await signIn(page, "staff@atelier.test");
    await expect(page).toHaveURL(/\/admin$/);
    const nav = page.getByRole("navigation", { name: "Back office" });
    await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "People" })).toHaveCount(0);
    const refused = await page.goto("/admin/users?lang=en");
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");
    await page.screenshot({ path: testInfo.outputPath("forbidden.png"), fullPage: true });
  });

  test("an owner finds a new order, reads it, accepts and releases it, prints the work order, and the customer sees it", async ({ page, browser }, testInfo) => {
    // A customer orders a ring with an engraving, without JavaScript's help.
    const customer = await browser.newPage();
    await customer.goto("/p/ring/checkout?lang=en&metal=yellow-gold&stone=sapphire&width=4mm&size=54&finish=polished&engraving=Ines%20%26%20Tom&engraving.font=script");
    await fillAddress(customer);
    await customer.getByLabel(/I accept the terms/).check();
    await customer.getByRole("button", { name: "Place binding order" }).click();
    await expect(customer).toHaveURL(/\/orders\/[0-9a-f]{64}\?placed=1/);
    const number = (await customer.getByTestId("order-number").textContent()) ?? "";
    expect(number).toMatch(/^\d{4}-\d{6}$/);

    await page.goto("/admin/orders?lang=en");
    await signIn(page, "owner@atelier.test");
    await expect(page).toHaveURL(/\/admin\/orders$/);
    await page.getByLabel("Search").fill(number);
    await page.getByRole("button", { name: "Filter" }).click();
    const rows = page.getByTestId("inbox-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Order received");
    await page.screenshot({ path: testInfo.outputPath("inbox.png"), fullPage: true });
    await rows.first().getByRole("link", { name: number }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);
    await expect(page.getByTestId("specification")).toContainText("14k yellow gold (585)");
    await expect(page.getByTestId("specification").getByRole("img", { name: "Ines & Tom" })).toBeVisible();
    await expect(page.getByTestId("window-check")).toContainText("holds");
    await page.getByRole("button", { name: "Accept", exact: true }).click();
    await expect(page.getByTestId("order-status")).toHaveText("Accepted");
    await page.getByRole("button", { name: "Release to production" }).click();
    await expect(page.getByTestId("order-status")).toHaveText("Released to production");
    await expect(page.getByTestId("steps")).toContainText("Olga Owner");
    await page.getByLabel("New note (internal only)").fill("Engraving checked twice.");
    await page.getByRole("button", { name: "Save note" }).click();
    await expect(page.getByTestId("notes")).toContainText("Engraving checked twice.");
    await page.screenshot({ path: testInfo.outputPath("order.png"), fullPage: true });

    await page.getByRole("link", { name: "Print work order" }).click();
    await expect(page.getByTestId("work-order-number")).toHaveText(number);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".site-header")).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("work-order-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    await customer.reload();
    await expect(customer.getByTestId("timeline").locator("li.current")).toContainText("Released");
    await customer.close();
  });

  test("an expired session leads back to the sign-in, and marketing cannot open orders", async ({ page, context }) => {
    addPerson("mia@atelier.test", "Mia Marketing", "marketing");
    await page.goto("/admin/login?lang=en");
    await signIn(page, "mia@atelier.test");
    const refused = await page.goto("/admin/orders?lang=en");
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");
    // The session's cookie is gone, as after it expired.
    await context.clearCookies();
    await page.goto("/admin/orders?lang=en");
    await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Forders/);
  });
});
