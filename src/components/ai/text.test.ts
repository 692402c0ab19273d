import { describe, expect, it } from "vitest";
import { documentFileProblem, mayManage } from "./files";
import { emphasise, excerptAround, passageRange, queryTerms, splitAtRange, splitCitationMarkers, spokenText, toolActivity } from "./text";

describe("AI answer text", () => {
  it("turns [n] markers of cited passages into citation segments and leaves others as text", () => {
    expect(splitCitationMarkers("Ships in 3 days [1]. See [2] and [9].", new Set([1, 2]))).toEqual([
      { kind: "text", text: "Ships in 3 days " },
      { kind: "cite", n: 1 },
      { kind: "text", text: ". See " },
      { kind: "cite", n: 2 },
      { kind: "text", text: " and [9]." },
    ]);
  });

  it("reads an answer aloud without its markers", () => {
    expect(spokenText("Ships in 3 days [1]. Returns take 30 days [2] [3].")).toBe("Ships in 3 days. Returns take 30 days.");
  });

  it("names a tool call by what it looks up", () => {
    expect(toolActivity("search_deals", "started")).toBe("Looking up deals…");
    expect(toolActivity("find_overdue_invoices", "done")).toBe("Looked up overdue invoices");
    expect(toolActivity("pipeline_summary", "started")).toBe("Looking up pipeline summary…");
    expect(toolActivity("low_stock", "failed")).toBe("Could not look up low stock");
  });
});

describe("search excerpts", () => {
  it("emphasises the query's words where a word starts, whatever the case", () => {
    const terms = queryTerms("Refund policy?");
    expect(terms).toEqual(["refund", "policy"]);
    expect(emphasise("Our refund POLICY: refunds, not prefunds.", terms)).toEqual([
      { text: "Our ", match: false },
      { text: "refund", match: true },
      { text: " ", match: false },
      { text: "POLICY", match: true },
      { text: ": ", match: false },
      { text: "refund", match: true },
      { text: "s, not prefunds.", match: false },
    ]);
  });

  it("cuts a long passage around the first term", () => {
    const text = `${"a ".repeat(300)}the warranty lasts two years ${"b ".repeat(300)}`;
    const excerpt = excerptAround(text, ["warranty"], 100);
    expect(excerpt).toContain("warranty lasts two years");
    expect(excerpt.startsWith("…")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(102);
  });
});

describe("a passage's range in the viewer", () => {
  it("reads ?from=&to= only as a non-empty range of offsets", () => {
    expect(passageRange("10", "20")).toEqual({ from: 10, to: 20 });
    expect(passageRange("20", "10")).toBeNull();
    expect(passageRange("x", "10")).toBeNull();
    expect(passageRange(null, "10")).toBeNull();
  });

  it("splits the text at the range, clamped to its end", () => {
    expect(splitAtRange("Hello, world", { from: 7, to: 99 })).toEqual({ before: "Hello, ", marked: "world", after: "" });
    expect(splitAtRange("Hello", { from: 10, to: 20 })).toBeNull();
  });
});

describe("files the library takes", () => {
  const MB = 1024 * 1024;
  it("refuses other types, empty files and files over the plan's size, and takes the rest", () => {
    expect(documentFileProblem({ name: "notes.md", size: 10 }, 5 * MB)).toBeNull();
    expect(documentFileProblem({ name: "Report.PDF", size: 10 }, 5 * MB)).toBeNull();
    expect(documentFileProblem({ name: "sheet.xlsx", size: 10 }, 5 * MB)).toMatch(/cannot be added/);
    expect(documentFileProblem({ name: "empty.txt", size: 0 }, 5 * MB)).toBe("empty.txt is empty.");
    expect(documentFileProblem({ name: "big.pdf", size: 6 * MB }, 5 * MB)).toBe("big.pdf is 6.0 MB; your plan takes documents up to 5.0 MB.");
  });
});

describe("who manages a document", () => {
  const own = { uploadedBy: "me" };
  const other = { uploadedBy: "someone" };
  it.each([
    ["viewer", own, false],
    ["member", own, true],
    ["member", other, false],
    ["admin", other, true],
    ["owner", { uploadedBy: null }, true],
  ] as const)("a %s: %o → %s", (role, document, expected) => {
    expect(mayManage(role, "me", document)).toBe(expected);
  });
});
