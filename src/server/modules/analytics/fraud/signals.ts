import { formatMoney, minorDigits } from "../../../../lib/money";
import { quantileSorted } from "../forecast/stats";
import { BENFORD_PROPORTIONS, NIGRINI_FIRST_DIGIT, benfordConformity, leadingDigit, leadingDigitCounts } from "./benford";
import { localDateText, localTime } from "./local-time";

/*
 * The fraud signals of one payment, bill or journal entry (README.md beside this file). Each is a
 * strength in [0, 1] with the reason in words; the score (score.ts) combines them. Pure functions:
 * the caller loads the tenant's earlier items (or precomputed statistics) into a History.
 */

export type ItemKind = "customer_payment" | "supplier_bill" | "supplier_payment" | "journal_entry";

export type ScoredItem = {
  id: string;
  kind: ItemKind;
  /** What people call it ("B-1042"); reasons fall back to the id. */
  reference?: string;
  counterpartyId: string | null;
  counterpartyName?: string;
  /** Exact minor units (1250n is 12.50 EUR), as stored everywhere in NeuroOps. The sign is ignored. */
  amountMinor: bigint;
  currency: string;
  postedAt: Date;
  /** The organization's IANA zone: hours and weekends are judged in local time. */
  timeZone: string;
  createdBy: string | null;
  approvedBy: string | null;
};

/** Per counterparty and currency: robust statistics of ln(amount in minor units). */
export type CounterpartyStats = { count: number; medianLog: number; madLog: number };

export type History = {
  /** Keyed by `counterpartyKey(counterpartyId, currency)`. */
  amounts: ReadonlyMap<string, CounterpartyStats>;
  /** First item with each counterparty (any currency), by counterparty id. */
  firstSeen: ReadonlyMap<string, Date>;
  /** Earlier items for the duplicate check (at least the last `duplicateWindowDays`). */
  recent: readonly ScoredItem[];
  /** Counts of the tenant's first digits 1..9 (index 0 is digit 1). */
  leadingDigits: readonly number[];
  /** Per currency: the tenant's `largeAmountQuantile` of amounts, when it has enough of them. */
  largeAmountMinor: ReadonlyMap<string, bigint>;
};

export type SignalOptions = {
  /** Duplicate: same kind, counterparty, currency and amount posted within this many days before. */
  duplicateWindowDays: number;
  /** Round: a whole multiple of this many major units is fully round (10,000.00), of `roundMinorStep` half. */
  roundStep: number;
  roundMinorStep: number;
  /** Outlier: robust z of ln(amount) against the counterparty; fires from `outlierZ` and is full at `outlierZFull`. */
  outlierZ: number;
  outlierZFull: number;
  outlierMinHistory: number;
  /** A floor on the MAD of ln(amount), so a counterparty that always bills the same amount is not infinitely strict (0.1 ≈ ±10%). */
  outlierMinMadLog: number;
  /** New counterparty: first seen fewer than this many days before (or never). */
  newCounterpartyDays: number;
  /** Large: at or above the tenant's quantile of amounts (per currency) when `largeAmountMinor` is not given. */
  largeAmountQuantile: number;
  largeAmountMinHistory: number;
  largeAmountMinor?: Readonly<Record<string, bigint>>;
  /** Unusual time: local hours [nightStartHour, 24) ∪ [0, nightEndHour), and weekend days (0 = Sunday). */
  nightStartHour: number;
  nightEndHour: number;
  weekendDays: readonly number[];
  nightStrength: number;
  weekendStrength: number;
  /** Benford: needs this many tenant amounts; the item's digit counts as over-represented at `benfordOverRatio` × expected. */
  benfordMinAmounts: number;
  benfordOverRatio: number;
};

export const DEFAULT_SIGNAL_OPTIONS: SignalOptions = {
  duplicateWindowDays: 30,
  roundStep: 1000,
  roundMinorStep: 100,
  outlierZ: 3,
  outlierZFull: 6,
  outlierMinHistory: 5,
  outlierMinMadLog: 0.1,
  newCounterpartyDays: 30,
  largeAmountQuantile: 0.9,
  largeAmountMinHistory: 20,
  nightStartHour: 22,
  nightEndHour: 6,
  weekendDays: [0, 6],
  nightStrength: 0.7,
  weekendStrength: 0.5,
  benfordMinAmounts: 300,
  benfordOverRatio: 1.5,
};

export const SIGNAL_KEYS = ["duplicate", "round_amount", "amount_outlier", "new_counterparty_large", "unusual_time", "benford", "same_creator_approver"] as const;
export type SignalKey = (typeof SIGNAL_KEYS)[number];

export type Signal = { key: SignalKey; value: number; reason: string };
export type SignalValues = Record<SignalKey, number>;

const DAY_MS = 86_400_000;
const ROBUST_SD = 1.4826; // MAD × 1.4826 estimates σ for normal data
const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const NOUN: Record<ItemKind, string> = {
  customer_payment: "payment",
  supplier_bill: "bill",
  supplier_payment: "payment",
  journal_entry: "journal entry",
};
const PARTY: Record<ItemKind, string> = {
  customer_payment: "customer",
  supplier_bill: "supplier",
  supplier_payment: "supplier",
  journal_entry: "counterparty",
};

export function counterpartyKey(counterpartyId: string, currency: string): string {
  return `${counterpartyId}|${currency}`;
}

function absolute(amount: bigint): bigint {
  return amount < 0n ? -amount : amount;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function medianAndMad(values: number[]): { median: number; mad: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantileSorted(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return { median, mad: quantileSorted(deviations, 0.5) };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A History from the tenant's earlier items (the caller may instead fill one from SQL aggregates). */
export function buildHistory(earlier: readonly ScoredItem[], options: Partial<SignalOptions> = {}): History {
  const opts = { ...DEFAULT_SIGNAL_OPTIONS, ...options };
  const logsByKey = new Map<string, number[]>();
  const firstSeen = new Map<string, Date>();
  const byCurrency = new Map<string, bigint[]>();
  for (const item of earlier) {
    const amount = absolute(item.amountMinor);
    if (amount > 0n) {
      pushTo(byCurrency, item.currency, amount);
      if (item.counterpartyId !== null) {
        const key = counterpartyKey(item.counterpartyId, item.currency);
        pushTo(logsByKey, key, Math.log(Number(amount)));
      }
    }
    if (item.counterpartyId !== null) {
      const seen = firstSeen.get(item.counterpartyId);
      if (!seen || item.postedAt < seen) firstSeen.set(item.counterpartyId, item.postedAt);
    }
  }
  const amounts = new Map<string, CounterpartyStats>();
  for (const [key, logs] of logsByKey) {
    const { median, mad } = medianAndMad(logs);
    amounts.set(key, { count: logs.length, medianLog: median, madLog: mad });
  }
  const largeAmountMinor = new Map<string, bigint>();
  for (const [currency, values] of byCurrency) {
    if (values.length < opts.largeAmountMinHistory) continue;
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // Nearest rank, so the threshold is an amount the tenant actually posted (exact, no float).
    largeAmountMinor.set(currency, sorted[Math.min(sorted.length - 1, Math.ceil(opts.largeAmountQuantile * sorted.length) - 1)]!);
  }
  return {
    amounts,
    firstSeen,
    recent: earlier,
    leadingDigits: leadingDigitCounts(earlier.map((item) => item.amountMinor)),
    largeAmountMinor,
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function partyText(item: ScoredItem): string {
  return item.counterpartyName ? `${PARTY[item.kind]} ${item.counterpartyName}` : `the ${PARTY[item.kind]}`;
}

function duplicateSignal(item: ScoredItem, history: History, opts: SignalOptions): Signal {
  const amount = absolute(item.amountMinor);
  const windowStart = item.postedAt.getTime() - opts.duplicateWindowDays * DAY_MS;
  let match: ScoredItem | null = null;
  for (const earlier of history.recent) {
    const at = earlier.postedAt.getTime();
    if (earlier.id === item.id || at > item.postedAt.getTime() || at < windowStart) continue;
    if (earlier.kind !== item.kind || earlier.currency !== item.currency || earlier.counterpartyId !== item.counterpartyId) continue;
    if (absolute(earlier.amountMinor) !== amount) continue;
    if (!match || at > match.postedAt.getTime()) match = earlier;
  }
  const noun = NOUN[item.kind];
  if (!match) {
    return { key: "duplicate", value: 0, reason: `No earlier ${noun} with the same ${PARTY[item.kind]} and amount within ${opts.duplicateWindowDays} days` };
  }
  const days = Math.floor((item.postedAt.getTime() - match.postedAt.getTime()) / DAY_MS);
  const ago = days === 0 ? "the same day" : days === 1 ? "1 day earlier" : `${days} days earlier`;
  const who = item.counterpartyId === null ? "Same amount" : `Same ${PARTY[item.kind]} and amount`;
  return {
    key: "duplicate",
    value: 1,
    reason: `${who} as ${noun} ${match.reference ?? match.id} on ${localDateText(match.postedAt, item.timeZone, item.postedAt)} (${ago})`,
  };
}

function roundSignal(item: ScoredItem, opts: SignalOptions): Signal {
  const amount = absolute(item.amountMinor);
  const unit = 10n ** BigInt(minorDigits(item.currency));
  const shown = formatMoney(amount, item.currency);
  const multipleOf = (step: number) => amount > 0n && amount % (BigInt(step) * unit) === 0n;
  if (multipleOf(opts.roundStep)) return { key: "round_amount", value: 1, reason: `Round amount: ${shown} is a whole multiple of ${opts.roundStep.toLocaleString("en-US")}` };
  if (multipleOf(opts.roundMinorStep)) return { key: "round_amount", value: 0.5, reason: `Roundish amount: ${shown} is a whole multiple of ${opts.roundMinorStep.toLocaleString("en-US")}` };
  return { key: "round_amount", value: 0, reason: `${shown} is not a round amount` };
}

function outlierSignal(item: ScoredItem, history: History, opts: SignalOptions): Signal {
  const amount = absolute(item.amountMinor);
  const stats = item.counterpartyId === null ? undefined : history.amounts.get(counterpartyKey(item.counterpartyId, item.currency));
  if (!stats || stats.count < opts.outlierMinHistory || amount === 0n) {
    return { key: "amount_outlier", value: 0, reason: `Too little history with ${partyText(item)} to judge the amount (${stats?.count ?? 0} earlier, ${opts.outlierMinHistory} needed)` };
  }
  const scale = ROBUST_SD * Math.max(stats.madLog, opts.outlierMinMadLog);
  const z = (Math.log(Number(amount)) - stats.medianLog) / scale;
  const usual = formatMoney(BigInt(Math.round(Math.exp(stats.medianLog))), item.currency);
  const ratio = Math.exp(Math.log(Number(amount)) - stats.medianLog);
  const value = clamp01((Math.abs(z) - opts.outlierZ) / (opts.outlierZFull - opts.outlierZ));
  const times = ratio >= 1 ? `${ratio.toFixed(1)} times` : `1/${(1 / ratio).toFixed(1)} of`;
  const reason =
    value > 0
      ? `Amount ${formatMoney(amount, item.currency)} is ${times} the usual ${usual} for ${partyText(item)} (robust z ${z.toFixed(1)} over ${stats.count} earlier items)`
      : `Amount is in line with ${partyText(item)}'s history (usual ${usual}, robust z ${z.toFixed(1)})`;
  return { key: "amount_outlier", value, reason };
}

function newCounterpartySignal(item: ScoredItem, history: History, opts: SignalOptions): Signal {
  const key = "new_counterparty_large";
  if (item.counterpartyId === null) return { key, value: 0, reason: "No counterparty" };
  const first = history.firstSeen.get(item.counterpartyId);
  const ageDays = first ? (item.postedAt.getTime() - first.getTime()) / DAY_MS : null;
  if (ageDays !== null && ageDays >= opts.newCounterpartyDays) return { key, value: 0, reason: `${capitalized(partyText(item))} is known since ${localDateText(first!, item.timeZone, item.postedAt)}` };
  const large = opts.largeAmountMinor?.[item.currency] ?? history.largeAmountMinor.get(item.currency);
  const newness = ageDays === null ? `New ${partyText(item).replace(/^the /, "")} (no earlier items)` : `New ${partyText(item).replace(/^the /, "")} (first seen ${Math.floor(ageDays)} days earlier)`;
  if (large === undefined) return { key, value: 0, reason: `${newness}; too few ${item.currency} amounts yet to say what is large` };
  const amount = absolute(item.amountMinor);
  if (amount < large) return { key, value: 0, reason: `${newness}, with an ordinary amount (below ${formatMoney(large, item.currency)})` };
  return { key, value: 1, reason: `${newness} with a large amount: ${formatMoney(amount, item.currency)} (the tenant's large amounts start at ${formatMoney(large, item.currency)})` };
}

function timeSignal(item: ScoredItem, opts: SignalOptions): Signal {
  const local = localTime(item.postedAt, item.timeZone);
  const night = local.hour >= opts.nightStartHour || local.hour < opts.nightEndHour;
  const weekend = opts.weekendDays.includes(local.weekday);
  const value = 1 - (1 - (night ? opts.nightStrength : 0)) * (1 - (weekend ? opts.weekendStrength : 0));
  const when = `${WEEKDAY_NAMES[local.weekday]} ${localDateText(item.postedAt, item.timeZone)} at ${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")} (${item.timeZone})`;
  const what = night && weekend ? "at night on a weekend" : night ? "at night" : weekend ? "on a weekend" : "in ordinary hours";
  return { key: "unusual_time", value, reason: `Posted ${what}: ${when}` };
}

function benfordSignal(item: ScoredItem, history: History, opts: SignalOptions): Signal {
  const conformity = benfordConformity(history.leadingDigits);
  if (conformity.n < opts.benfordMinAmounts) {
    return { key: "benford", value: 0, reason: `Not enough amounts yet for Benford's law (${conformity.n} of ${opts.benfordMinAmounts})` };
  }
  const madText = `MAD ${conformity.mad.toFixed(4)}`;
  // Tenant level: nothing while acceptable, half when marginal, full past Nigrini's nonconformity limit.
  const tenant = conformity.mad <= NIGRINI_FIRST_DIGIT.acceptable ? 0 : conformity.mad <= NIGRINI_FIRST_DIGIT.marginal ? 0.5 : 1;
  if (tenant === 0) return { key: "benford", value: 0, reason: `The tenant's first digits follow Benford's law (${madText}, ${conformity.verdict})` };
  const digit = leadingDigit(item.amountMinor);
  if (digit === null) return { key: "benford", value: 0, reason: "A zero amount has no first digit" };
  const observed = conformity.proportions[digit - 1]!;
  const expected = BENFORD_PROPORTIONS[digit - 1]!;
  const ratio = observed / expected;
  const share = `${digit} starts ${(100 * observed).toFixed(1)}% of amounts against ${(100 * expected).toFixed(1)}% expected`;
  const over = clamp01((ratio - 1) / (opts.benfordOverRatio - 1));
  const value = tenant * over;
  const prefix = `The tenant's first digits do not follow Benford's law (${madText}, ${conformity.verdict})`;
  return { key: "benford", value, reason: value > 0 ? `${prefix}, and this amount's first digit ${share}` : `${prefix}, but this amount's first digit is not over-represented (${share})` };
}

function creatorApproverSignal(item: ScoredItem): Signal {
  const key = "same_creator_approver";
  if (item.createdBy === null || item.approvedBy === null) return { key, value: 0, reason: item.approvedBy === null ? "Not approved yet" : "Creator unknown" };
  if (item.createdBy === item.approvedBy) return { key, value: 1, reason: `Created and approved by the same person (${item.createdBy})` };
  return { key, value: 0, reason: "Created and approved by different people" };
}

/** Every signal of an item, in SIGNAL_KEYS order (clean ones with value 0 and what was checked). */
export function computeSignals(item: ScoredItem, history: History, options: Partial<SignalOptions> = {}): Signal[] {
  const opts = { ...DEFAULT_SIGNAL_OPTIONS, ...options };
  return [
    duplicateSignal(item, history, opts),
    roundSignal(item, opts),
    outlierSignal(item, history, opts),
    newCounterpartySignal(item, history, opts),
    timeSignal(item, opts),
    benfordSignal(item, history, opts),
    creatorApproverSignal(item),
  ];
}

export function signalValues(signals: readonly Signal[]): SignalValues {
  const values = Object.fromEntries(SIGNAL_KEYS.map((key) => [key, 0])) as SignalValues;
  for (const signal of signals) values[signal.key] = signal.value;
  return values;
}
