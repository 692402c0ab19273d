import { describe, expect, it } from "vitest";
import {
  columnSamples,
  csvFileProblem,
  formatBytes,
  importEntities,
  importPercent,
  importQueryOptions,
  isCancelled,
  isImportActive,
  mappingProblems,
  SKIP_COLUMN,
} from "./import-format";
import type { ImportEntityConfig, ImportTarget } from "./import-types";

const MB = 1024 * 1024;
const csv = (name: string, size = 10, type = "text/csv") => ({ name, size, type });

describe("csvFileProblem", () => {
  it("accepts a CSV, TSV or text file within the limit", () => {
    expect(csvFileProblem(csv("people.csv"), MB)).toBeNull();
    expect(csvFileProblem(csv("people.tsv", 10, ""), MB)).toBeNull();
    expect(csvFileProblem(csv("export", 10, "text/plain"), MB)).toBeNull();
    expect(csvFileProblem(csv("excel-says-csv.dat", 10, "application/vnd.ms-excel"), MB)).toBeNull();
  });

  it("sends a spreadsheet back with how to save it as CSV", () => {
    expect(csvFileProblem(csv("people.xlsx", 10, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), MB)).toMatch(/^“people.xlsx” is a spreadsheet.*CSV UTF-8/);
  });

  it("refuses a file that does not look like CSV, an empty one and one over the limit", () => {
    expect(csvFileProblem(csv("photo.png", 10, "image/png"), MB)).toBe("“photo.png” does not look like a CSV file. Choose a file ending in .csv.");
    expect(csvFileProblem(csv("empty.csv", 0), MB)).toMatch(/is empty/);
    expect(csvFileProblem(csv("big.csv", 2 * MB), MB)).toBe(
      "“big.csv” is 2.0 MB; an import can be at most 1.0 MB. Split it into smaller files and import them one after the other.",
    );
  });
});

describe("mappingProblems", () => {
  const targets: ImportTarget[] = [
    { key: "name", label: "Name", repeatable: false },
    { key: "email", label: "Email", repeatable: true },
  ];
  const needsName = (mapped: ReadonlySet<string>) => (mapped.has("name") ? [] : ["Choose the column with the name."]);

  it("names the headers that a one-column field was given twice", () => {
    const { problems, clashing } = mappingProblems({ Name: "name", Nickname: "name", Mail: "email" }, targets, needsName);
    expect(problems).toEqual(["Only one column can go into “Name”; you chose “Name” and “Nickname”."]);
    expect([...clashing]).toEqual(["Name", "Nickname"]);
  });

  it("lets a repeatable field take several columns and ignores skipped columns", () => {
    expect(mappingProblems({ Name: "name", Work: "email", Home: "email", Notes: SKIP_COLUMN, Other: SKIP_COLUMN }, targets, needsName)).toEqual({ problems: [], clashing: new Set() });
  });

  it("adds the module's missing-field problems, given the mapped keys only, after the clashes", () => {
    const seen: string[][] = [];
    const { problems } = mappingProblems({ A: "email", B: SKIP_COLUMN }, targets, (mapped) => {
      seen.push([...mapped]);
      return needsName(mapped);
    });
    expect(seen).toEqual([["email"]]);
    expect(problems).toEqual(["Choose the column with the name."]);
  });
});

describe("import progress and formats", () => {
  it("counts the share of bytes read, 100 once done, 0 for an empty file", () => {
    expect(importPercent({ state: "running", processedBytes: 333, totalBytes: 1000 })).toBe(33);
    expect(importPercent({ state: "done", processedBytes: 0, totalBytes: 1000 })).toBe(100);
    expect(importPercent({ state: "queued", processedBytes: 0, totalBytes: 0 })).toBe(0);
  });

  it("tells a moving import and a cancelled one apart from a failed one", () => {
    expect(["draft", "queued", "running", "done", "failed"].filter((s) => isImportActive(s as "draft"))).toEqual(["queued", "running"]);
    expect(isCancelled({ state: "failed", failure: "Cancelled by Ada. Rows imported before that stay." })).toBe(true);
    expect(isCancelled({ state: "failed", failure: "The file is not valid UTF-8." })).toBe(false);
    expect(isCancelled({ state: "done", failure: null })).toBe(false);
  });

  it("formats sizes in B, KB and MB", () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(20 * 1024), formatBytes(5 * MB), formatBytes(50 * MB)]).toEqual(["512 B", "2.0 KB", "20 KB", "5.0 MB", "50 MB"]);
  });

  it("shows up to three non-empty, trimmed samples of a column", () => {
    expect(columnSamples([["a", " x "], ["b", ""], ["c", "y"], ["d"], ["e", "z"], ["f", "w"]], 1)).toEqual(["x", "y", "z"]);
  });
});

describe("importQueryOptions", () => {
  it("turns poll into a refetchInterval reading the query's data", () => {
    const options = importQueryOptions<{ running: boolean }>({ retry: false, poll: (data) => (data?.running ? 1500 : false) });
    expect(options.retry).toBe(false);
    if (!("refetchInterval" in options)) throw new Error("expected a refetchInterval");
    expect(options.refetchInterval({ state: { data: { running: true } } })).toBe(1500);
    expect(options.refetchInterval({ state: { data: undefined } })).toBe(false);
    expect("poll" in options).toBe(false);
  });

  it("leaves refetchInterval out when nothing polls, so the client's defaults stay", () => {
    expect(importQueryOptions({ staleTime: 0 })).toEqual({ staleTime: 0 });
  });
});

it("importEntities keeps the configuration's order", () => {
  const entity = {} as ImportEntityConfig;
  expect(importEntities({ entities: { contact: entity, company: entity } })).toEqual(["contact", "company"]);
});
