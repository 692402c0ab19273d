/**
 * Stripe for e2e: the tests' stand-in runs as its own web server (playwright.config.ts) on a
 * port derived from E2E_PORT, and the app is started with test keys pointing at it. The demo
 * organization has no subscription, so other specs see the same Free plan as without Stripe.
 */
export function e2eStripe(appPort: number) {
  const standInPort = appPort + 1000;
  return {
    standInPort,
    env: {
      STRIPE_SECRET_KEY: "sk_test_e2e",
      STRIPE_WEBHOOK_SECRET: "whsec_e2e_stand_in",
      STRIPE_API_BASE: `http://127.0.0.1:${standInPort}`,
      STRIPE_PRICE_PRO_MONTHLY: "price_e2e_pro_monthly",
      STRIPE_PRICE_PRO_YEARLY: "price_e2e_pro_yearly",
      STRIPE_PRICE_BUSINESS_MONTHLY: "price_e2e_business_monthly",
      STRIPE_PRICE_BUSINESS_YEARLY: "price_e2e_business_yearly",
    },
  };
}
