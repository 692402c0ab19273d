/*
 * bench:accounting's cross-checks: what tRPC returned against the raw aggregates, exact to
 * the last decimal (every report, every round); any difference fails the benchmark.
 */

/** Exact decimal text (numeric, or the reports' trimmed text) as a bigint scaled by 10^8. */
export function units(text: string | number): bigint {
  const value = String(text);
  if (!/^-?\d+(\.\d{1,8})?$/.test(value)) throw new Error(`not an exact decimal: "${value}"`);
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = value.replace("-", "").split(".");
  const scaled = BigInt(whole!) * 100_000_000n + BigInt(fraction.padEnd(8, "0"));
  return negative ? -scaled : scaled;
}

// ── what the two paths return, and the cross-checks ─────────────────────────────────────

export type Amounts = Map<string, bigint>; // "accountId|currency" → amount
export type TrialBalance = { rows: { accountId: string; currency: string; debit: string; credit: string; balance: string }[]; totals: { currency: string; debit: string; credit: string; balance: string }[] };
export type Section = { accountId: string; currency: string; amount: string }[];
export type IncomeStatement = { income: Section; expenses: Section; netIncome: { currency: string; amount: string }[] };
export type BalanceSheet = { assets: Section; liabilities: Section; equity: Section; unclosedEarnings: { currency: string; amount: string }[]; balanced: boolean };
export type Ledger = { opening: { currency: string; balance: string }[]; items: { date: string; number: number; lineNo: number; currency: string; debit: string; credit: string; balance: string }[] };
export type RawTotal = { account_id: string; type: string; currency: string; debit: string; credit: string; month?: string };
export type RawLedgerLine = { date: string; number: number; line_no: number; currency: string; debit: string; credit: string; balance: string };

export function sectionMap(section: Section): Amounts {
  return new Map(section.map((r) => [`${r.accountId}|${r.currency}`, units(r.amount)]));
}

export function rawMap(rows: RawTotal[], type: string, sign: 1n | -1n): Amounts {
  const map: Amounts = new Map();
  for (const r of rows) {
    if (r.type !== type) continue;
    const amount = sign * (units(r.debit) - units(r.credit));
    if (units(r.debit) !== 0n || units(r.credit) !== 0n) map.set(`${r.account_id}|${r.currency}`, amount);
  }
  return map;
}

export function sameAmounts(what: string, app: Amounts, raw: Amounts, problems: string[]): void {
  for (const [key, amount] of raw) if (app.get(key) !== amount) problems.push(`${what} ${key}: raw ${amount}, tRPC ${app.get(key) ?? "missing"} (×10⁻⁸)`);
  for (const key of app.keys()) if (!raw.has(key)) problems.push(`${what} ${key}: in tRPC only`);
}

export function perCurrency(list: { currency: string; amount: string }[]): Amounts {
  return new Map(list.map((x) => [x.currency, units(x.amount)]));
}

export function netOf(rows: RawTotal[]): Amounts {
  const net: Amounts = new Map();
  for (const r of rows) {
    if (r.type !== "income" && r.type !== "expense") continue;
    net.set(r.currency, (net.get(r.currency) ?? 0n) + units(r.credit) - units(r.debit));
  }
  return net;
}

export function checkTrialBalance(app: TrialBalance, raw: RawTotal[]): string[] {
  const problems: string[] = [];
  const appRows = new Map(app.rows.map((r) => [`${r.accountId}|${r.currency}`, r]));
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const r of raw) {
    const key = `${r.account_id}|${r.currency}`;
    const mine = appRows.get(key);
    if (!mine) problems.push(`trial balance ${key}: in raw only`);
    else if (units(mine.debit) !== units(r.debit) || units(mine.credit) !== units(r.credit) || units(mine.balance) !== units(r.debit) - units(r.credit))
      problems.push(`trial balance ${key}: raw ${r.debit}/${r.credit}, tRPC ${mine.debit}/${mine.credit}/${mine.balance}`);
    const t = totals.get(r.currency) ?? { debit: 0n, credit: 0n };
    t.debit += units(r.debit);
    t.credit += units(r.credit);
    totals.set(r.currency, t);
  }
  if (appRows.size !== raw.length) problems.push(`trial balance: ${appRows.size} rows in tRPC, ${raw.length} in raw`);
  for (const t of app.totals) {
    const r = totals.get(t.currency);
    if (!r || r.debit !== units(t.debit) || r.credit !== units(t.credit)) problems.push(`trial balance total ${t.currency}: tRPC ${t.debit}/${t.credit}, raw ${r?.debit}/${r?.credit} (×10⁻⁸)`);
    if (units(t.balance) !== 0n) problems.push(`trial balance total ${t.currency} does not net to zero: ${t.balance}`);
  }
  return problems;
}

export function checkIncomeStatement(what: string, app: IncomeStatement, raw: RawTotal[]): string[] {
  const problems: string[] = [];
  sameAmounts(`${what} income`, sectionMap(app.income), rawMap(raw, "income", -1n), problems);
  sameAmounts(`${what} expenses`, sectionMap(app.expenses), rawMap(raw, "expense", 1n), problems);
  sameAmounts(`${what} net income`, perCurrency(app.netIncome), netOf(raw), problems);
  return problems;
}

/** A P&L with month columns: the lines' and net income's figures per column (in the order of `columns`) beside the range's total. */
export type ColumnSection = { accountId: string; currency: string; amount: string; columns: string[] }[];
export type IncomeColumns = { columns: { key: string }[]; income: ColumnSection; expenses: ColumnSection; netIncome: { currency: string; amount: string; columns: string[] }[] };

/**
 * Each month column of one P&L call against the raw aggregate by month (`month` = the column's
 * key), an account or currency absent on one side counting as 0; and every total equal to the
 * sum of its columns.
 */
export function checkIncomeColumns(what: string, app: IncomeColumns, raw: RawTotal[]): string[] {
  const problems: string[] = [];
  const compare = (label: string, got: Amounts, want: Amounts) => {
    for (const key of new Set([...got.keys(), ...want.keys()])) {
      if ((got.get(key) ?? 0n) !== (want.get(key) ?? 0n)) problems.push(`${label} ${key}: raw ${want.get(key) ?? 0n}, tRPC ${got.get(key) ?? 0n} (×10⁻⁸)`);
    }
  };
  app.columns.forEach((column, i) => {
    const rows = raw.filter((r) => r.month === column.key);
    const pick = (section: ColumnSection): Amounts => new Map(section.map((r) => [`${r.accountId}|${r.currency}`, units(r.columns[i]!)]));
    compare(`${what} ${column.key} income`, pick(app.income), rawMap(rows, "income", -1n));
    compare(`${what} ${column.key} expenses`, pick(app.expenses), rawMap(rows, "expense", 1n));
    compare(`${what} ${column.key} net income`, new Map(app.netIncome.map((t) => [t.currency, units(t.columns[i]!)])), netOf(rows));
  });
  for (const line of [...app.income, ...app.expenses, ...app.netIncome]) {
    const sum = line.columns.reduce((total, c) => total + units(c), 0n);
    if (sum !== units(line.amount)) problems.push(`${what} ${"accountId" in line ? line.accountId : "net income"}|${line.currency}: columns add up to ${sum}, total ${units(line.amount)} (×10⁻⁸)`);
  }
  return problems;
}

export function checkBalanceSheet(app: BalanceSheet, raw: RawTotal[]): string[] {
  const problems: string[] = [];
  sameAmounts("balance sheet assets", sectionMap(app.assets), rawMap(raw, "asset", 1n), problems);
  sameAmounts("balance sheet liabilities", sectionMap(app.liabilities), rawMap(raw, "liability", -1n), problems);
  sameAmounts("balance sheet equity", sectionMap(app.equity), rawMap(raw, "equity", -1n), problems);
  sameAmounts("balance sheet unclosed earnings", perCurrency(app.unclosedEarnings), netOf(raw), problems);
  if (!app.balanced) problems.push("balance sheet: balanced is false");
  return problems;
}

export function checkLedger(app: Ledger, raw: RawLedgerLine[]): string[] {
  const problems: string[] = [];
  if (app.opening.some((o) => units(o.balance) !== 0n)) problems.push(`general ledger: opening ${JSON.stringify(app.opening)} (nothing is dated before the first day)`);
  if (app.items.length !== raw.length) problems.push(`general ledger: ${app.items.length} lines in tRPC, ${raw.length} in raw`);
  raw.forEach((r, i) => {
    const a = app.items[i];
    const same =
      a && a.date === r.date && a.number === r.number && a.lineNo === r.line_no && a.currency === r.currency && units(a.debit) === units(r.debit) && units(a.credit) === units(r.credit) && units(a.balance) === units(r.balance);
    if (!same) problems.push(`general ledger line ${i + 1}: raw ${JSON.stringify(r)}, tRPC ${JSON.stringify(a)}`);
  });
  return problems;
}
