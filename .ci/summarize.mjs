// Sums the test runners' JSON reports into the one closing line CI reads:
// "N passed, N failed". A step that failed without a report counts as one failure.
import fs from "node:fs";
import path from "node:path";

const [outDir, failedStepsArg] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(file) {
  const full = path.join(outDir, file);
  return fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, "utf8")) : null;
}

for (const file of ["vitest-postgres.json", "vitest-embedded.json"]) {
  const report = read(file);
  if (!report) continue;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}

const playwright = read("playwright.json");
if (playwright) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped: pwSkipped = 0 } = playwright.stats ?? {};
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
  console.log(`playwright.json: ${expected + flaky} passed, ${unexpected} failed`);
}

// A failed step counts as one failure unless its runner reported the failing tests
// itself: typecheck, lint, build, install, or a runner that crashed without a report.
const failedStepsFile = path.join(outDir, "failed-steps.txt");
const failedStepLines = fs.existsSync(failedStepsFile) ? fs.readFileSync(failedStepsFile, "utf8").trim().split("\n").filter(Boolean) : [];
for (const line of failedStepLines) {
  const [report, ...name] = line.split(" ");
  const data = report === "-" ? null : read(report);
  const reportedFailures = data ? (data.numFailedTests ?? data.stats?.unexpected ?? 0) : 0;
  if (reportedFailures === 0) failed += 1;
  console.log(`failed step: ${name.join(" ")}`);
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || failedSteps > 0 ? 1 : 0);
