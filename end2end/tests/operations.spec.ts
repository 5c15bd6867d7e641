import { test, expect, placeRingOrder } from "./fixtures";
import type { Page } from "@playwright/test";

const PASSWORD = "a long enough password";
const RING =
  "/p/ring?lang=en&metal=yellow-gold&stone=ruby&width=4mm&size=54&finish=polished&engraving=Anna&engraving.font=script";

async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The delivery window the ring's configurator shows (rendered on the server). */
async function ringWindow(page: Page): Promise<string> {
  const customer = await page.context().browser()!.newPage({ javaScriptEnabled: false });
  await customer.goto(RING);
  const window = (await customer.getByTestId("window").first().textContent()) ?? "";
  await customer.close();
  expect(window).not.toBe("");
  return window;
}

/** Ticks exactly the given weekdays on a line's page. */
async function workOn(page: Page, days: string[]) {
  for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) {
    await page.getByLabel(day, { exact: true }).setChecked(days.includes(day));
  }
}

// The people come from admin.spec.ts, which runs first and adds them.
test.describe("production, stock and the overview", () => {
  test("staff change a line's working days, the window moves, and a delivery is received", async ({ page }, testInfo) => {
    const before = await ringWindow(page);
    await page.goto("/admin/operations?lang=en");
    await signIn(page, "staff@atelier.test");
    await expect(page).toHaveURL(/\/admin\/operations$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Production & stock");
    await page.screenshot({ path: testInfo.outputPath("operations.png"), fullPage: true });

    await page.getByRole("link", { name: "goldsmith", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/operations\/lines\/goldsmith/);
    await workOn(page, ["Sun"]);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved: 1 change.");
    await expect(page.getByRole("region", { name: "Changes" })).toContainText("Stefan Staff");
    const moved = await ringWindow(page);
    expect(moved).not.toBe(before);
    await page.screenshot({ path: testInfo.outputPath("line.png"), fullPage: true });

    // Back to Monday to Friday: the window is what it was.
    await workOn(page, ["Mon", "Tue", "Wed", "Thu", "Fri"]);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved: 1 change.");
    expect(await ringWindow(page)).toBe(before);

    // A capacity nobody can read is refused, with the input kept.
    await page.getByLabel("Units per working day").fill("-3");
    await page.getByLabel("Units per working day").evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Daily capacity");
    await expect(page.getByLabel("Units per working day")).toHaveValue("-3");
    await page.screenshot({ path: testInfo.outputPath("line-refused.png"), fullPage: true });

    await page.goto("/admin/operations/components/gold-585?lang=en");
    const onHand = Number(await page.locator(".stock-figures dd").first().textContent());
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Expected on", { exact: true }).fill(inAWeek);
    await page.getByLabel("Quantity", { exact: true }).fill("25");
    await page.getByRole("button", { name: "Add delivery" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved: 1 change.");
    await page.getByRole("button", { name: "Receive" }).first().click();
    await expect(page.getByRole("status")).toHaveText("Saved: 2 changes.");
    await expect(page.locator(".stock-figures dd").first()).toHaveText(String(onHand + 25));
    await page.screenshot({ path: testInfo.outputPath("component.png"), fullPage: true });
  });

  test("the overview shows orders, backlog and short components, also in print", async ({ page }, testInfo) => {
    await page.goto("/admin?lang=en");
    await signIn(page, "owner@atelier.test");
    await expect(page).toHaveURL(/\/admin$/);
    const orders = page.locator("figure#chart-orders");
    await expect(orders.locator("figcaption")).toHaveText("Orders per day");
    await expect(orders.getByRole("img")).toHaveAccessibleName(/Orders per day, .*: \d+ in total/);
    await expect(page.locator("figure#chart-revenue figcaption")).toHaveText("Revenue per day");
    for (const line of ["car-plant", "goldsmith", "tailor"]) {
      await expect(page.locator(`figure#chart-line-${line} figcaption`)).toHaveText(`Production line ${line}`);
    }
    await expect(page.getByRole("heading", { name: "Components running short" })).toBeVisible();
    await expect(page.locator("table.short-components")).toContainText("v6-engine");
    await page.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("figure#chart-orders table")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("overview-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });

  test("an owner erases a rejected order's personal data, and only that", async ({ page, browser }, testInfo) => {
    const { customer, number } = await placeRingOrder(browser, "Ida", "Ida Erasmus", "ida@example.de");

    await page.goto(`/admin/orders/${number}?lang=en`);
    await signIn(page, "owner@atelier.test");
    await expect(page.getByTestId("customer")).toContainText("Ida Erasmus");
    await expect(page.getByText("Personal data can be erased on request once the order is shipped")).toBeVisible();
    const reject = page.locator("form.step-form", { has: page.getByRole("button", { name: "Reject", exact: true }) });
    await reject.getByLabel("Reason (the customer sees it)").fill("We cannot make this size.");
    await reject.getByRole("button", { name: "Reject", exact: true }).click();
    await expect(page.getByTestId("order-status")).toHaveText("Rejected");

    await page.getByText("Erase personal data …").click();
    await page.getByRole("button", { name: "Erase personal data", exact: true }).click();
    // The browser asks for the confirmation first (the box is required):
    // nothing was sent, the box is the field to fill.
    const confirm = page.getByLabel("Yes, erase for good");
    expect(await confirm.evaluate((box: HTMLInputElement) => box.validity.valueMissing)).toBe(true);
    await expect(page).toHaveURL(new RegExp(`/admin/orders/${number}$`));
    await expect(page.getByTestId("customer")).toContainText("Ida Erasmus");
    await confirm.check();
    await page.getByRole("button", { name: "Erase personal data", exact: true }).click();
    await expect(page.getByText("Personal data erased on request.")).toBeVisible();
    await expect(page.getByTestId("customer")).toHaveCount(0);
    await expect(page.getByTestId("specification")).toContainText("14k yellow gold (585)");
    await page.screenshot({ path: testInfo.outputPath("erased.png"), fullPage: true });

    await page.goto(`/admin/orders?lang=en&q=${number}`);
    await expect(page.getByTestId("inbox-row")).toHaveCount(1);
    await expect(page.getByTestId("inbox-row")).toContainText("(erased)");
    await page.goto("/admin/orders?lang=en&q=Erasmus");
    await expect(page.getByTestId("inbox-row")).toHaveCount(0);

    await customer.reload();
    await expect(customer.getByTestId("order-number")).toHaveText(number);
    await expect(customer.locator("body")).not.toContainText("Ida Erasmus");
    await customer.close();
  });
});
