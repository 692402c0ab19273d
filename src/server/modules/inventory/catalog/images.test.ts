import { describe, expect, it } from "vitest";
import { addMember, callerFor, createTenant, createUser, inTenant } from "../../../../test/fixtures";
import { getProductImage, setProductImage } from "./images";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("product pictures", () => {
  it("stores a real image, refuses a fake one and an oversized one, and is removed through the API", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const product = await api.inventory.products.create({ sku: "PIC-1", name: "Pictured" });
    expect((await api.inventory.products.get({ id: product.id })).imageVersion).toBeNull();

    await expect(inTenant(org.id, (tx) => setProductImage(tx, product.id, Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>")))).rejects.toMatchObject({ fields: { image: ["This file is not a PNG, JPEG or WebP image."] } });
    await expect(inTenant(org.id, (tx) => setProductImage(tx, product.id, Buffer.concat([PNG, Buffer.alloc(600 * 1024)])))).rejects.toMatchObject({ fields: { image: [expect.stringMatching(/the limit is 512 KB/)] } });
    const stored = await inTenant(org.id, (tx) => setProductImage(tx, product.id, PNG));
    expect(stored).toMatchObject({ contentType: "image/png", size: PNG.length });
    expect((await api.inventory.products.get({ id: product.id })).imageVersion).toBe(stored.imageVersion);
    expect((await inTenant(org.id, (tx) => getProductImage(tx, product.id)))!.bytes.equals(PNG)).toBe(true);

    const viewer = await createUser();
    await addMember(org.id, viewer.id, "viewer");
    await expect(callerFor(viewer, org.id).inventory.products.removeImage({ id: product.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await api.inventory.products.removeImage({ id: product.id });
    expect(await inTenant(org.id, (tx) => getProductImage(tx, product.id))).toBeNull();
    await expect(api.inventory.products.removeImage({ id: product.id })).rejects.toThrow("Pictured has no picture to remove.");
  });
});
