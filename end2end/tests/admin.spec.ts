import { test, expect } from "./fixtures";
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
});
