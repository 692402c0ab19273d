import { defineConfig, devices } from "@playwright/test";
import { e2eStripe } from "./e2e/stripe";

/**
 * End-to-end tests against the production build (`next build` + `npm start`) on a
 * fresh embedded database (PGlite under .data-e2e, wiped before every run).
 * Uses the system Chromium (/usr/bin/chromium): no browser download.
 */
// E2E_PORT lets two checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
const E2E_STRIPE = e2eStripe(PORT);

/** Stripe for e2e (e2e/stripe.ts): the stand-in is a second web server; the app gets test keys pointing at it. */
const STAND_IN_PRICES = "price_e2e_pro_monthly:1200:month,price_e2e_pro_yearly:12000:year,price_e2e_business_monthly:3900:month,price_e2e_business_yearly:39000:year";

// Desktop Chrome viewport/user agent, without any `channel` (that would ask for Google Chrome).
const desktopChrome = { ...devices["Desktop Chrome"], channel: undefined };

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    navigationTimeout: 30_000,
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...desktopChrome } }],
  webServer: [
    {
      command: `npx tsx e2e/stripe-stand-in-server.ts ${E2E_STRIPE.standInPort} ${STAND_IN_PRICES}`,
      // The stand-in answers 401 without a key: up.
      url: `${E2E_STRIPE.env.STRIPE_API_BASE}/v1/ready`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: "rm -rf .data-e2e && (test -f .next/BUILD_ID || npm run build) && npm start",
      url: `${baseURL}/api/ready`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(PORT),
        DATA_DIR: ".data-e2e",
        // Empty = unset for the app: always the embedded database, never a real one.
        DATABASE_URL: "",
        NEXTAUTH_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: "1",
        LOG_LEVEL: "warn",
        // Every spec signs in and registers from one IP: raise the limits (rate-limit tests cover them).
        RATE_LIMIT_MULTIPLIER: "50",
        SUPER_ADMIN_EMAIL: "admin@neuroops.local",
        // The AI pages embed with the tiny model made in the repository; no download, no language model (extractive answers).
        AI_MODEL_CACHE_DIR: "src/test/fixtures/models",
        AI_EMBEDDING_MODEL: "neuroops/tiny-embedder",
        HF_HUB_OFFLINE: "1",
        LLM_API_KEY: "",
        ...E2E_STRIPE.env,
      },
    },
  ],
});
