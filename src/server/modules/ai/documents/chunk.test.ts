import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, DEFAULT_CHUNK_OPTIONS, estimateTokens, type Chunk } from "./chunk";
import { assemble, extractText, type ExtractedText } from "./extract";

const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);

/** Deterministic prose: sentences of 6–20 words, paragraphs of 2–8 sentences. */
function prose(paragraphs: number, seed = 1): string {
  const words = ["the", "invoice", "warehouse", "shipment", "was", "approved", "by", "finance", "after", "review", "of", "stock", "levels", "and", "customer", "orders", "in", "March", "returns", "policy"];
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const sentence = () => {
    const list = Array.from({ length: 6 + next(15) }, () => words[next(words.length)]!);
    list[0] = list[0]![0]!.toUpperCase() + list[0]!.slice(1);
    return `${list.join(" ")}.`;
  };
  return Array.from({ length: paragraphs }, () => Array.from({ length: 2 + next(7) }, sentence).join(" ")).join("\n\n");
}

const single = (text: string): ExtractedText => ({ text, sections: [{ start: 0, end: text.length, heading: null, page: null }] });

/** The rules every chunking keeps, whatever the input. */
function expectWellFormed(extracted: ExtractedText, chunks: Chunk[], maxTokens: number, overlapTokens: number) {
  const { text } = extracted;
  chunks.forEach((chunk, i) => {
    expect(chunk.ordinal).toBe(i);
    expect(chunk.text).toBe(text.slice(chunk.charStart, chunk.charEnd));
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.text).not.toBe("");
    expect(chunk.tokenCount).toBe(estimateTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    const owner = extracted.sections.find((s) => s.start < chunk.charEnd && s.end > chunk.charStart && s.heading === chunk.heading && s.page === chunk.page);
    expect(owner).toBeDefined();
    const previous = chunks[i - 1];
    if (previous) {
      expect(chunk.charStart).toBeGreaterThan(previous.charStart);
      expect(chunk.charEnd).toBeGreaterThan(previous.charEnd);
      if (chunk.charStart < previous.charEnd) {
        expect(estimateTokens(text.slice(chunk.charStart, previous.charEnd))).toBeLessThanOrEqual(overlapTokens);
        // Overlap stays within a section.
        const section = extracted.sections.find((s) => s.start <= chunk.charStart && chunk.charStart < s.end)!;
        expect(previous.charEnd).toBeLessThanOrEqual(section.end);
        expect([chunk.heading, chunk.page]).toEqual([previous.heading, previous.page]);
      }
    }
  });
  // Nothing is lost: every non-space character is in a chunk.
  let covered = 0;
  for (const chunk of chunks) {
    expect(text.slice(covered, chunk.charStart).trim()).toBe("");
    covered = Math.max(covered, chunk.charEnd);
  }
  expect(text.slice(covered).trim()).toBe("");
}

describe("chunkText", () => {
  it("keeps its rules on random documents: offsets, bounds, order, coverage, headings and pages, whole words", () => {
    const word = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("alpha", "beta", "gamma", "delta", "Straße", "coût", "x", "1,250.00", "e.g.", "“quoted”") },
      { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom("a", "é", "😀", "-", "'", "…", ".", "!"), minLength: 1, maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constantFrom("北京星辰科技。", "東京タワー！", "한국어") },
    );
    const separator = fc.constantFrom(" ", " ", " ", ". ", "! ", "\n", "\n\n", " \t ", "\n\n\n");
    const document = fc
      .array(fc.tuple(word, separator), { minLength: 0, maxLength: 400 })
      .map((pairs) => pairs.map(([w, s]) => w + s).join(""))
      .chain((text) =>
        fc
          .record({
            cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 6 }),
            labels: fc.array(fc.record({ heading: fc.option(fc.constantFrom("Intro", "Setup", "FAQ"), { nil: null }), page: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }) }), { minLength: 7, maxLength: 7 }),
          })
          .map(({ cuts, labels }): ExtractedText => {
            const bounds = [0, ...cuts.filter((c) => c < text.length).sort((a, b) => a - b), text.length];
            const sections = bounds.slice(1).map((end, i) => ({ start: bounds[i]!, end, ...labels[i]! }));
            return { text, sections: sections.filter((s) => s.end > s.start) };
          }),
      );
    const options = fc.integer({ min: 20, max: 300 }).chain((maxTokens) =>
      fc.record({ maxTokens: fc.constant(maxTokens), targetTokens: fc.integer({ min: 4, max: maxTokens }), overlapTokens: fc.integer({ min: 0, max: 60 }) }),
    );
    fc.assert(
      fc.property(document, options, (extracted, { maxTokens, targetTokens, overlapTokens }) => {
        const chunks = chunkText(extracted, { maxTokens, targetTokens, overlapTokens });
        expectWellFormed(extracted, chunks, maxTokens, overlapTokens);
        const { text } = extracted;
        // No word is cut: a chunk starts and ends beside white space, a CJK sentence end or a section boundary
        // (the generator cuts sections anywhere; extraction cuts them between paragraphs).
        const boundaries = new Set(extracted.sections.flatMap((s) => [s.start, s.end]));
        for (const chunk of chunks) {
          expect(boundaries.has(chunk.charStart) || isSpace(text[chunk.charStart - 1]) || /[。！？；]/.test(text[chunk.charStart - 1]!)).toBe(true);
          expect(boundaries.has(chunk.charEnd) || isSpace(text[chunk.charEnd]) || /[。！？；]/.test(text[chunk.charEnd - 1]!)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("cuts a long document into chunks near the target with the defaults, none over the maximum", () => {
    const extracted = single(prose(300));
    const chunks = chunkText(extracted);
    expectWellFormed(extracted, chunks, DEFAULT_CHUNK_OPTIONS.maxTokens, DEFAULT_CHUNK_OPTIONS.overlapTokens);
    const sizes = chunks.map((c) => c.tokenCount).sort((a, b) => a - b);
    expect(sizes.at(-1)).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxTokens);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThan(DEFAULT_CHUNK_OPTIONS.targetTokens * 0.6);
    expect(chunks.length).toBeGreaterThan(20);
  });

  it("prefers paragraph ends, and starts each chunk after the first with whole sentences of the one before", () => {
    const extracted = single(prose(60, 7));
    const chunks = chunkText(extracted, { targetTokens: 120, maxTokens: 160, overlapTokens: 30 });
    const { text } = extracted;
    let overlapping = 0;
    let atSentence = 0;
    chunks.forEach((chunk, i) => {
      const previous = chunks[i - 1];
      if (!previous) return;
      if (chunk.charStart < previous.charEnd) {
        overlapping++;
        // The overlap is the end of the previous chunk, from a word start; from a sentence start
        // unless the room left under maxTokens is too small for the last sentence.
        expect(previous.text.endsWith(text.slice(chunk.charStart, previous.charEnd))).toBe(true);
        expect(text[chunk.charStart - 1]).toMatch(/\s/);
        if (/[.!?]\s+$/.test(text.slice(0, chunk.charStart))) atSentence++;
      }
      // Where a chunk's own text begins (after the overlap), it begins a paragraph or a sentence.
      expect(text.slice(0, Math.max(chunk.charStart, previous.charEnd)).trimEnd()).toMatch(/[.!?]$/);
    });
    expect(overlapping).toBeGreaterThan(chunks.length / 2);
    expect(atSentence).toBeGreaterThan(overlapping * 0.7);
    expect(chunkText(extracted, { targetTokens: 120, maxTokens: 160, overlapTokens: 0 }).every((c, i, all) => i === 0 || c.charStart >= all[i - 1]!.charEnd)).toBe(true);
  });

  it("carries headings and pages, and never merges chunks of different sections unless one is tiny", async () => {
    const markdown = ["# Guide", "", "## Install", "", prose(12, 3), "", "## Configure", "", prose(12, 4), "", "## Footer", "", "Thanks."].join("\n");
    const extracted = await extractText("md", new TextEncoder().encode(markdown));
    const chunks = chunkText(extracted, { targetTokens: 150, maxTokens: 200, overlapTokens: 30 });
    expectWellFormed(extracted, chunks, 200, 30);
    // "# Guide" alone is tiny: it joins the first chunk of "Install"; "Thanks." joins the last one of "Configure".
    expect(chunks[0]!.text.startsWith("Guide\n\nInstall\n\n")).toBe(true);
    expect(chunks[0]!.heading).toBe("Install");
    expect(chunks.at(-1)!.text.endsWith("Footer\n\nThanks.")).toBe(true);
    expect(chunks.at(-1)!.heading).toBe("Configure");
    const install = chunks.filter((c) => c.heading === "Install");
    const configure = chunks.filter((c) => c.heading === "Configure");
    expect(install.length).toBeGreaterThan(1);
    expect(configure.length).toBeGreaterThan(1);
    expect(install.every((c) => !c.text.includes("Configure"))).toBe(true);
    // No overlap across the section boundary: "Configure"'s first chunk starts at its heading.
    expect(configure[0]!.text.startsWith("Configure\n\n")).toBe(true);

    // A tiny section does not join a neighbour when together they would pass maxTokens.
    const full = assemble([
      { text: `${"one two six ten ".repeat(9)}one two`, heading: "Full", page: null }, // 38 words: 50 tokens
      { text: "Thanks.", heading: "End", page: null },
    ]);
    const separate = chunkText(full, { targetTokens: 40, maxTokens: 50, overlapTokens: 0 });
    expectWellFormed(full, separate, 50, 0);
    expect(separate.map((c) => [c.heading, c.tokenCount])).toEqual([["Full", 50], ["End", 2]]);

    const pages = assemble([1, 2, 3].map((page) => ({ text: prose(8, page), heading: null, page })));
    const paged = chunkText(pages, { targetTokens: 150, maxTokens: 200, overlapTokens: 30 });
    expectWellFormed(pages, paged, 200, 30);
    for (const chunk of paged) {
      const section = pages.sections[chunk.page! - 1]!;
      expect(chunk.charStart).toBeGreaterThanOrEqual(section.start);
      expect(chunk.charEnd).toBeLessThanOrEqual(section.end);
    }
    expect(new Set(paged.map((c) => c.page))).toEqual(new Set([1, 2, 3]));
  });

  it("splits what has no paragraph breaks at lines, then sentences, then words, and only an overlong word inside", () => {
    const csvLike = single(Array.from({ length: 300 }, (_, i) => `Id: ${i}; Name: Customer ${i}; City: Lyon`).join("\n"));
    for (const chunk of chunkText(csvLike, { targetTokens: 100, maxTokens: 120, overlapTokens: 0 })) {
      expect(chunk.text).toMatch(/^Id: \d+; .*City: Lyon$/s);
    }
    const oneSentence = single(Array.from({ length: 2000 }, (_, i) => `word${i % 10}`).join(" "));
    const bySentence = chunkText(oneSentence, { targetTokens: 100, maxTokens: 120, overlapTokens: 10 });
    expectWellFormed(oneSentence, bySentence, 120, 10);
    expect(bySentence.length).toBeGreaterThan(15);

    const blob = "QUJD".repeat(5000);
    const withBlob = single(`Attachment follows: ${blob} end of attachment.`);
    const pieces = chunkText(withBlob, { targetTokens: 100, maxTokens: 120, overlapTokens: 10 });
    expectWellFormed(withBlob, pieces, 120, 10);
    expect(pieces.map((c) => c.text).join("").replace(/\s+/g, "")).toContain(blob);

    const chinese = single("北京星辰科技有限公司位于朝阳区".repeat(400));
    const cjk = chunkText(chinese, { targetTokens: 100, maxTokens: 120, overlapTokens: 0 });
    expectWellFormed(chinese, cjk, 120, 0);
    expect(cjk.map((c) => c.text).join("")).toBe(chinese.text);
    expect(cjk.every((c) => !/[\ud800-\udbff]$/.test(c.text))).toBe(true);
  });

  it("returns nothing for an empty text and one chunk for a short one", () => {
    expect(chunkText({ text: "", sections: [] })).toEqual([]);
    expect(chunkText(single("Just one line."))).toEqual([{ ordinal: 0, text: "Just one line.", charStart: 0, charEnd: 14, heading: null, page: null, tokenCount: 4 }]);
  });

  it("chunks 5 MB of text in well under two seconds", () => {
    let text = prose(2000, 11);
    while (text.length < 5 * 2 ** 20) text += `\n\n${text}`;
    const extracted = single(text.slice(0, 5 * 2 ** 20).trimEnd());
    const started = performance.now();
    const chunks = chunkText(extracted);
    const elapsed = performance.now() - started;
    console.info(`chunkText: ${(extracted.text.length / 2 ** 20).toFixed(1)} MB → ${chunks.length} chunks in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(2000);
    expect(chunks.at(-1)!.charEnd).toBe(extracted.text.length);
  });
});
