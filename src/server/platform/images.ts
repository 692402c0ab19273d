/*
 * Uploaded images are recognised by their first bytes, never by the name or type the
 * browser sent. PNG, JPEG and WebP only: SVG can carry scripts.
 */

const IMAGE_TYPES: [string, (b: Buffer) => boolean][] = [
  ["image/png", (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/webp", (b) => b.length >= 12 && b.subarray(0, 4).toString("ascii") === "RIFF" && b.subarray(8, 12).toString("ascii") === "WEBP"],
];

export const IMAGE_CONTENT_TYPES = IMAGE_TYPES.map(([type]) => type);

/** The image type by its first bytes, or null when it is not a PNG, JPEG or WebP image. */
export function sniffImageType(bytes: Buffer): string | null {
  return IMAGE_TYPES.find(([, matches]) => matches(bytes))?.[0] ?? null;
}
