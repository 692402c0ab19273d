import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/*
 * axe-core scans for any spec: `expectAccessible(page, "board")` fails on serious or
 * critical violations and prints each one's rule id, help text and the elements it hit.
 * `scanPage` returns the findings instead, for a spec that collects several pages before
 * failing once (e2e/a11y.spec.ts).
 */

/** The impacts that fail a scan (WCAG A/AA rules axe rates serious or critical). */
const FAILING = new Set(["serious", "critical"]);

/** WCAG 2.x A and AA plus axe's best practices (target size is a WCAG 2.2 AA rule). */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

export type A11yFinding = { page: string; id: string; impact: string; help: string; targets: string[] };

/** The serious and critical violations on the page as it is now (after its content has loaded). */
export async function scanPage(page: Page, name: string, options: { include?: string; exclude?: string[] } = {}): Promise<A11yFinding[]> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => FAILING.has(v.impact ?? ""))
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`),
    }));
}

/** One line per violation: "board: color-contrast (serious) Elements must meet … → .stage > span — Fix …". */
export function describeFindings(findings: A11yFinding[]): string {
  return findings.map((f) => `${f.page}: ${f.id} (${f.impact}) ${f.help}\n${f.targets.map((t) => `    → ${t}`).join("\n")}`).join("\n");
}

/** Fails the test on any serious or critical violation on the page, naming them. */
export async function expectAccessible(page: Page, name: string, options: { include?: string; exclude?: string[] } = {}): Promise<void> {
  const findings = await scanPage(page, name, options);
  expect(findings, describeFindings(findings)).toEqual([]);
}
