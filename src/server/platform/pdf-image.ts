import { inflateSync } from "node:zlib";

/*
 * Which images pdfkit can draw, checked before it is given them. pdfkit draws PNG and JPEG only
 * (not WebP, GIF or SVG), and decodes a PNG with transparency or interlacing in an asynchronous
 * callback that throws on corrupt data: an exception nothing can catch, which would end the
 * process. So a PNG is decoded here first, synchronously, as far as pdfkit's decoder will go.
 */

/** width and height in pixels, as stored (a JPEG's EXIF rotation not applied). */
export type PdfImageCheck = { ok: true; format: "png" | "jpeg"; width: number; height: number } | { ok: false; reason: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Samples per pixel by PNG colour type. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export function checkPdfImage(bytes: Uint8Array): PdfImageCheck {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return checkJpeg(data);
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return checkPng(data);
  const webp = data.subarray(0, 4).toString("latin1") === "RIFF" && data.subarray(8, 12).toString("latin1") === "WEBP";
  return { ok: false, reason: webp ? "WebP images cannot be drawn in a PDF (PNG or JPEG only)" : "not a PNG or JPEG image" };
}

/** Finds the frame header (SOFn) for the size; pdfkit reads the same markers. */
function checkJpeg(data: Buffer): PdfImageCheck {
  let offset = 2;
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) return { ok: false, reason: "the JPEG file is corrupt" };
    const marker = data[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = data.readUInt16BE(offset + 2);
    const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (frame && offset + 9 <= data.length) {
      const height = data.readUInt16BE(offset + 5);
      const width = data.readUInt16BE(offset + 7);
      if (width === 0 || height === 0) break;
      return { ok: true, format: "jpeg", width, height };
    }
    if (marker === 0xd9 || marker === 0xda) break;
    offset += 2 + length;
  }
  return { ok: false, reason: "the JPEG file has no frame header" };
}

function checkPng(data: Buffer): PdfImageCheck {
  let header: { width: number; height: number; bits: number; colorType: number; interlaced: boolean } | undefined;
  const idat: Buffer[] = [];
  let offset = 8;
  while (offset + 8 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString("latin1", offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (body.length < length) return { ok: false, reason: "the PNG file is cut short" };
    if (type === "IHDR" && length >= 13) {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bits: body[8]!, colorType: body[9]!, interlaced: body[12] === 1 };
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const channels = header ? PNG_CHANNELS[header.colorType] : undefined;
  if (!header || channels === undefined || header.width === 0 || header.height === 0 || idat.length === 0) {
    return { ok: false, reason: "the PNG file has no valid header or image data" };
  }
  if (header.width * header.height > 40_000_000) return { ok: false, reason: "the PNG image is too large (over 40 megapixels)" };
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat));
  } catch {
    return { ok: false, reason: "the PNG image data is corrupt" };
  }
  const bitsPerPixel = header.bits * channels;
  const passes = header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let position = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((header.width - x0) / dx);
    const rows = Math.ceil((header.height - y0) / dy);
    if (columns <= 0 || rows <= 0) continue;
    const rowBytes = Math.ceil((columns * bitsPerPixel) / 8);
    for (let row = 0; row < rows; row++) {
      const filter = pixels[position];
      if (filter === undefined || filter > 4) return { ok: false, reason: "the PNG image data is corrupt" };
      position += 1 + rowBytes;
    }
  }
  if (position > pixels.length) return { ok: false, reason: "the PNG image data is cut short" };
  return { ok: true, format: "png", width: header.width, height: header.height };
}
