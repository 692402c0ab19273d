import { z } from "zod";
import { isMultipart } from "@/server/api/body";
import { tenantRoute } from "@/server/api/tenant-route";
import { getProductImage, setProductImage } from "@/server/modules/inventory/catalog/images";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { NotFound, UnsupportedMediaType, ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * /api/inventory/product-image?product=<id>: a product's picture as a plain HTTP resource
 * (an <img> cannot call tRPC; an upload is multipart). POST (multipart, field `image`,
 * header x-tenant-id or ?tenant=): members replace it. GET ?tenant=<id>&product=<id>: any
 * member reads it. Removing it is the tRPC procedure inventory.products.removeImage.
 */

const TOO_LARGE = "The upload is too large: a product picture may be at most 512 KB.";
const LIMIT = { maxBytes: 600 * 1024, tooLarge: TOO_LARGE, field: "image" };

function productOf(request: Request): string {
  const parsed = z.uuid().safeParse(new URL(request.url).searchParams.get("product"));
  if (!parsed.success) throw new NotFound("This product does not exist.");
  return parsed.data;
}

export const POST = tenantRoute({ minimumRole: INVENTORY.edit, roleRefusal: "Viewers cannot change products." }, async (request, ctx) => {
  const id = productOf(request);
  if (!isMultipart(request)) throw new UnsupportedMediaType("Send the picture as multipart/form-data with an `image` file field.");
  const form = await ctx.readForm(LIMIT);
  const file = form.get("image");
  if (!(file instanceof File) || file.size === 0) {
    const message = file instanceof File ? "The file is empty." : "Choose an image to upload.";
    throw new ValidationFailed({ image: [message] }, message);
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const result = await ctx.withTenant((tx) => setProductImage(tx, id, bytes));
  return Response.json({ ok: true, ...result }, { headers: { "cache-control": "no-store" } });
});

export const GET = tenantRoute({}, async (request, ctx) => {
  const id = productOf(request);
  const image = await ctx.withTenant((tx) => getProductImage(tx, id));
  if (!image) throw new NotFound("This product has no picture.");
  return new Response(new Uint8Array(image.bytes), {
    status: 200,
    headers: { "content-type": image.contentType, "content-length": String(image.bytes.length), "cache-control": "private, max-age=300", "last-modified": image.updatedAt.toUTCString() },
  });
});
