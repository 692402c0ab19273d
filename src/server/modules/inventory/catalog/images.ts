import { eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { sniffImageType } from "../../../platform/images";
import { recordAudit } from "../../audit/service";
import { inventoryProductImages } from "../schema";

/* A product's optional picture, shown on its page and in the list. */

export const PRODUCT_IMAGE_MAX_BYTES = 512 * 1024;

async function assertLiveProduct(tx: TenantTx, productId: string): Promise<string> {
  const [product] = await tx.execute<{ name: string; deleted: boolean }>(sql`select name, deleted_at is not null as deleted from inventory_products where id = ${productId}`);
  if (!product) throw new NotFound("This product does not exist, or it was deleted.");
  if (product.deleted) throw new NotFound("This product is in the trash. Restore it from Inventory → Trash to change it.");
  return product.name;
}

/** PNG, JPEG or WebP up to 512 KB, recognised by content (SVG and everything else refused). */
export async function setProductImage(tx: TenantTx, productId: string, bytes: Buffer): Promise<{ contentType: string; size: number; imageVersion: number }> {
  const name = await assertLiveProduct(tx, productId);
  if (bytes.length === 0) throw new ValidationFailed({ image: ["The file is empty."] }, "The file is empty.");
  if (bytes.length > PRODUCT_IMAGE_MAX_BYTES) {
    const message = `The image is ${Math.ceil(bytes.length / 1024)} KB; the limit is 512 KB.`;
    throw new ValidationFailed({ image: [message] }, message);
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    const message = "This file is not a PNG, JPEG or WebP image.";
    throw new ValidationFailed({ image: [message] }, message);
  }
  const [row] = await tx
    .insert(inventoryProductImages)
    .values({ productId, contentType, bytes })
    .onConflictDoUpdate({ target: [inventoryProductImages.tenantId, inventoryProductImages.productId], set: { contentType, bytes, updatedAt: sql`now()` } })
    .returning({ updatedAt: inventoryProductImages.updatedAt });
  await recordAudit(tx, { action: "inventory.product.image_changed", entityType: "inventory.product", entityId: productId, after: { name, contentType, bytes: bytes.length } });
  return { contentType, size: bytes.length, imageVersion: row!.updatedAt.getTime() };
}

export async function removeProductImage(tx: TenantTx, productId: string): Promise<void> {
  const name = await assertLiveProduct(tx, productId);
  const removed = await tx.delete(inventoryProductImages).where(eq(inventoryProductImages.productId, productId)).returning({ productId: inventoryProductImages.productId });
  if (!removed.length) throw new Conflict(`${name} has no picture to remove.`);
  await recordAudit(tx, { action: "inventory.product.image_removed", entityType: "inventory.product", entityId: productId, after: { name } });
}

export async function getProductImage(tx: TenantTx, productId: string) {
  const [image] = await tx.select().from(inventoryProductImages).where(eq(inventoryProductImages.productId, productId));
  return image ?? null;
}
