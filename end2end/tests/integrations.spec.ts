import { test, expect, placeRingOrder } from "./fixtures";
import type { Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import path from "node:path";

const PASSWORD = "a long enough password";
const ROOT = path.resolve(__dirname, "../..");

async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The webhook receiver of the server tests (it verifies with the
 *  `standardwebhooks` package), listening on `port`. */
async function startReceiver(port: number, secret: string): Promise<ChildProcess> {
  const python = path.join(ROOT, "target/peers/bin/python");
  const script = path.join(ROOT, "server/tests/peers/webhook_receiver.py");
  const child = spawn(python, [script, String(port), secret], { stdio: ["ignore", "pipe", "inherit"] });
  const first = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  expect(first).toBe(`listening ${port}`);
  return child;
}

// The owner comes from admin.spec.ts, which runs first and adds them.
test.describe("integrations", () => {
  test("an owner adds a webhook endpoint, is told what is wrong, and a test event arrives signed", async ({ page }, testInfo) => {
    await page.goto("/admin/integrations?lang=en");
    await signIn(page, "owner@atelier.test");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Integrations");

    // The browser itself refuses what is no address at all ...
    const address = page.getByLabel("Address (https://…)");
    await address.fill("workshop.example/hooks");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    expect(await address.evaluate((input: HTMLInputElement) => input.validity.typeMismatch)).toBe(true);
    await expect(page).toHaveURL(/\/admin\/integrations$/);
    // ... and the server what is no web address, keeping the input.
    await address.fill("ftp://workshop.example/hooks");
    await page.getByLabel("Description").fill("Kiln controller");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("The address must start with https:// or http://");
    await expect(address).toHaveValue("ftp://workshop.example/hooks");
    await expect(page.getByLabel("Description")).toHaveValue("Kiln controller");
    await page.screenshot({ path: testInfo.outputPath("endpoint-refused.png"), fullPage: true });

    const port = await freePort();
    await address.fill(`http://127.0.0.1:${port}/hook`);
    await page.getByLabel("Released to production (order.released)").check();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/integrations\/ep_[0-9a-f]+\?done=added$/);
    await expect(page.getByRole("status")).toHaveText("Endpoint added. Give the secret to the receiver.");

    await page.getByText("Show the signing secret").click();
    const secret = (await page.getByTestId("secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    const receiver = await startReceiver(port, secret);
    try {
      await page.getByRole("button", { name: "Send a test event" }).click();
      await expect(page.getByRole("status")).toContainText("Test event sent");
      const log = page.getByTestId("deliveries");
      await expect(async () => {
        await page.reload();
        await expect(log).toContainText("delivered", { timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
      await expect(log).toContainText("webhook.test");
      const seen = await (await fetch(`http://127.0.0.1:${port}/received`)).json();
      expect(seen.received).toHaveLength(1);
      expect(seen.received[0].type).toBe("webhook.test");
      expect(seen.received[0].verified_with).toEqual([secret]);
      await log.locator("details summary").first().click();
      await expect(log).toContainText("204");
      await page.screenshot({ path: testInfo.outputPath("endpoint.png"), fullPage: true });
    } finally {
      receiver.kill();
    }

    await page.goto("/admin/integrations?lang=de");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anbindungen");
    await expect(page.getByTestId("endpoints")).toContainText(`http://127.0.0.1:${port}/hook`);
    await page.screenshot({ path: testInfo.outputPath("integrations-de.png"), fullPage: true });
  });

  test("the customer's confirmation is listed, reads as it was sent, and its status link works", async ({ page, browser }, testInfo) => {
    const { customer, number } = await placeRingOrder(browser, "Mira", "Mira Mailer", "mira@example.de");
    await customer.close();

    await page.goto("/admin/integrations?lang=en");
    await signIn(page, "owner@atelier.test");
    const row = page.getByTestId("mail").locator("tr", { hasText: number });
    await expect(async () => {
      await page.reload();
      await expect(row.getByRole("link", { name: "read" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await row.getByRole("link", { name: "read" }).click();
    const mail = page.getByTestId("mail-file");
    await expect(mail).toContainText(`Subject: We have received your order ${number}`);
    await expect(mail).toContainText("To: Mira Mailer <mira@example.de>");
    await expect(mail).toContainText("Total (VAT included)");
    await page.screenshot({ path: testInfo.outputPath("mail.png"), fullPage: true });

    const link = ((await mail.textContent()) ?? "").match(/https?:\/\/\S+\/orders\/[0-9a-f]{64}/)?.[0];
    expect(link).toBeTruthy();
    const status = await browser.newPage({ javaScriptEnabled: false });
    await status.goto(link!);
    await expect(status.getByTestId("order-number")).toHaveText(number);
    await status.close();
  });
});
