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
  test("a workshop hears of a released order by webhook, claims and ships it through the API, and the customer is told", async ({ page, browser, request }, testInfo) => {
    await page.goto("/admin/integrations?lang=en");
    await signIn(page, "owner@atelier.test");

    // The owner makes the workshop's API token; it is shown once.
    await page.getByLabel("New token for (the system's name)").fill("Kiln workshop");
    await page.getByRole("button", { name: "Make a token" }).click();
    const shown = page.getByTestId("new-token");
    await expect(shown).toContainText("it is never shown again");
    const token = (await shown.locator("code").textContent()) ?? "";
    expect(token).toMatch(/^atl_[A-Za-z0-9_-]{40,}$/);
    await expect(page.getByTestId("tokens")).toContainText("Kiln workshop");
    await page.screenshot({ path: testInfo.outputPath("token-made.png"), fullPage: true });
    // Reloading sends the form again: it makes no second token.
    await page.reload();
    await expect(page.getByRole("status").first()).toContainText("This form already made its token");
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.getByTestId("tokens").locator("tbody tr")).toHaveCount(1);
    expect(await page.content()).not.toContain(token);

    // ... and a webhook endpoint for released orders.
    const port = await freePort();
    await page.getByLabel("Address (https://…)").fill(`http://127.0.0.1:${port}/hook`);
    await page.getByLabel("Description").fill("Kiln workshop");
    await page.getByLabel("Released to production (order.released)").check();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Endpoint added. Give the secret to the receiver.");
    await page.getByText("Show the signing secret").click();
    const secret = (await page.getByTestId("secret").textContent()) ?? "";
    const receiver = await startReceiver(port, secret);
    try {
      const { customer, number } = await placeRingOrder(browser, "Lio", "Lio Lathe", "lio@example.de");
      await page.goto(`/admin/orders/${number}?lang=en`);
      await page.getByRole("button", { name: "Accept", exact: true }).click();
      await expect(page.getByTestId("order-status")).toHaveText("Accepted");
      await page.getByRole("button", { name: "Release to production" }).click();
      await expect(page.getByTestId("order-status")).toHaveText("Released to production");

      // The workshop hears of it by push, signed ...
      await expect
        .poll(
          async () => {
            const seen = await (await fetch(`http://127.0.0.1:${port}/received`)).json();
            return seen.received
              .filter((r: { type: string; verified_with: string[] }) => r.type === "order.released" && r.verified_with.length === 1)
              .map((r: { body: { data: { order: string } } }) => r.body.data.order);
          },
          { timeout: 20_000 },
        )
        .toContain(number);

      // ... finds it by pull, claims it and reports its progress.
      const auth = { Authorization: `Bearer ${token}` };
      const listed = await (await request.get("/api/v1/orders", { headers: auth })).json();
      expect(listed.data.map((o: { number: string }) => o.number)).toContain(number);
      const claimed = await request.post(`/api/v1/orders/${number}/claim`, { headers: auth });
      expect(claimed.status()).toBe(200);
      expect((await claimed.json()).claim.client).toBe("Kiln workshop");
      for (const report of [
        { status: "in_production" },
        { status: "completed" },
        { status: "shipped", carrier: "DHL", tracking: "00340434161094042557" },
      ]) {
        const answer = await request.post(`/api/v1/orders/${number}/progress`, { headers: auth, data: report });
        expect(answer.status(), JSON.stringify(await answer.json())).toBe(200);
        expect((await answer.json()).status).toBe(report.status);
      }

      // The customer's page shows it ...
      await customer.reload();
      await expect(customer.getByTestId("timeline").locator("li.current")).toContainText("Shipped");
      await expect(customer.locator("main")).toContainText("00340434161094042557");
      await customer.screenshot({ path: testInfo.outputPath("customer-shipped.png"), fullPage: true });
      await customer.close();

      // ... the back office names who reported it ...
      await page.goto(`/admin/orders/${number}?lang=en`);
      await expect(page.getByTestId("order-status")).toHaveText("Shipped");
      await expect(page.getByTestId("steps")).toContainText("Kiln workshop (API)");

      // ... and the shipping mail (the order's newest) carries the tracking number.
      await page.goto("/admin/integrations?lang=en");
      const row = page.getByTestId("mail").locator("tr", { hasText: number }).filter({ hasText: "Other status change" }).first();
      await expect(async () => {
        await page.reload();
        await expect(row.getByRole("link", { name: "read" })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
      await row.getByRole("link", { name: "read" }).click();
      const mail = page.getByTestId("mail-file");
      await expect(mail).toContainText("To: Lio Lathe <lio@example.de>");
      await expect(mail).toContainText("00340434161094042557");
      await expect(mail).toContainText("DHL");
      await page.screenshot({ path: testInfo.outputPath("mail-shipped.png"), fullPage: true });
    } finally {
      receiver.kill();
    }
  });
});
