/*
 * Bytes of a text file as text, for every reader of uploaded text (the CSV imports in
 * records/import/parse.ts, the AI documents). Windows-1252 is corrected here after TextDecoder: Node 20's
 * TextDecoder("windows-1252") decodes 0x80–0x9F as the C1 control characters (ISO-8859-1),
 * so "€" (0x80), "–" (0x96), "’" (0x92) and "…" (0x85) come out as invisible controls. The
 * correction maps only those controls, so it stays right on a Node that decodes them itself.
 */

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

/** The characters of bytes 0x80–0x9F in Windows-1252; the five bytes it leaves undefined stay C1 controls. */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** Text decoded as ISO-8859-1 (or by a TextDecoder with the bug above) corrected to Windows-1252. */
export function fromLatin1ToWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

/** UTF-16 without a BOM shows as ASCII with a zero byte beside every character. */
export function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = bytes.subarray(0, Math.min(bytes.byteLength, 512) & ~1);
  if (sample.byteLength < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.byteLength; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.byteLength / 2;
  if (oddZeros > pairs * 0.4 && evenZeros === 0) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros === 0) return "utf-16be";
  return null;
}

/** Control characters that text files do not hold (tab, line ends and form feed aside). */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * The text of a whole text file. The same encodings as the CSV import reads (whose decoder
 * wants a line break before it believes UTF-16, which a one-line note need not have): a BOM
 * says UTF-8 or UTF-16; else UTF-16 by its zero bytes;
 * else UTF-8 when the bytes are valid UTF-8; else Windows-1252 (Excel's and Notepad's
 * "ANSI" in western locales, which also reads ISO-8859-1). Bytes that are not text (more than
 * 1% control characters: a binary file) give null.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? "utf-8" : startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : null;
  const declared = bom ?? utf16WithoutBom(bytes);
  const attempts = declared ? [declared] : ["utf-8", "windows-1252"];
  for (const encoding of attempts) {
    let text: string;
    try {
      // fatal: a byte sequence that is not this encoding throws instead of becoming U+FFFD; the BOM is dropped.
      text = encoding === "windows-1252" ? fromLatin1ToWindows1252(new TextDecoder("windows-1252").decode(bytes)) : new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    // A few stray controls (a NUL in an export) are dropped later; many mean a binary file.
    const controls = text.match(CONTROL)?.length ?? 0;
    if (controls > Math.max(4, text.length / 100)) break;
    return text;
  }
  return null;
}

