import { startStripeStandIn } from "../src/test/stripe-stand-in";

/**
 * The e2e suite's Stripe: the tests' stand-in (src/test/stripe-stand-in.ts) as a process of its
 * own, started by playwright.config.ts (arguments: its port, then the prices the app is configured
 * with as "id:amount:interval,…"). Its Checkout page is served at
 * its own address, so the browser can pay there and return to the app.
 */
async function main() {
  const port = Number(process.argv[2] ?? 4100);
  const stripe = await startStripeStandIn({ port, publicBase: "self" });
  for (const entry of (process.argv[3] ?? "").split(",").filter(Boolean)) {
    const [id, amount, interval] = entry.split(":");
    stripe.prices.set(id!, { id: id!, unitAmount: Number(amount), currency: "usd", interval: interval === "year" ? "year" : "month" });
  }
  console.log(`Stripe stand-in on ${stripe.url}`);
}

void main();
