import { describe, expect, it } from "vitest";
import { addMember, callerFor, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { runtimeDb } from "../../db/client";
import { ValidationFailed } from "../../platform/errors";
import { sniffImageType } from "../../platform/images";
import { dismissHint, getAvatar, getMemberAvatar, getProfile, hasDismissedHint, removeAvatar, setAvatar, updateProfile } from "./profile";
import { getUserById } from "./service";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x1a, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);

describe("account profile", () => {
  it("starts in UTC and en-US, then saves name, time zone and locale together", async () => {
    const user = await createUser();
    expect(user.timeZone).toBe("UTC");
    expect(user.locale).toBe("en-US");
    await updateProfile(runtimeDb(), user.id, { name: "  Greta Berlin ", timeZone: "Europe/Berlin", locale: "de-DE" });
    const after = await getUserById(runtimeDb(), user.id);
    expect(after).toMatchObject({ name: "Greta Berlin", timeZone: "Europe/Berlin", locale: "de-DE" });
  });

  it("refuses an unknown time zone or locale and changes nothing", async () => {
    const user = await createUser({ name: "Kept Name" });
    const attempt = updateProfile(runtimeDb(), user.id, { name: "New Name", timeZone: "Mars/Olympus", locale: "xx-XX" });
    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    await attempt.catch((error: ValidationFailed) => {
      expect(error.fields.timeZone).toEqual(["Choose a time zone from the list."]);
      expect(error.fields.locale).toEqual(["Choose a language and region from the list."]);
    });
    expect(await getProfile(runtimeDb(), user.id)).toMatchObject({ name: "Kept Name", timeZone: "UTC", locale: "en-US" });
  });

  it("refuses the same bad input through the API with field errors", async () => {
    const user = await createUser();
    await expect(callerFor(user).accounts.updateProfile({ name: "", timeZone: "Europe/Paris", locale: "fr-FR" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await callerFor(user).accounts.updateProfile({ name: "Fleur", timeZone: "Europe/Paris", locale: "fr-FR" });
    expect(await callerFor(user).accounts.profile()).toMatchObject({ name: "Fleur", timeZone: "Europe/Paris", locale: "fr-FR", avatarVersion: null });
  });
});

describe("avatar", () => {
  it("recognises PNG, JPEG and WebP by their first bytes only", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(WEBP)).toBe("image/webp");
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from("GIF89a"))).toBeNull();
  });

  it("stores an image, versions the user's avatar, and removes it back to initials", async () => {
    const user = await createUser();
    const saved = await setAvatar(runtimeDb(), user.id, PNG);
    expect(saved.contentType).toBe("image/png");
    expect((await getUserById(runtimeDb(), user.id))!.avatarVersion).toBe(saved.avatarVersion);
    expect((await getAvatar(runtimeDb(), user.id))!.bytes!.equals(PNG)).toBe(true);
    expect(await removeAvatar(runtimeDb(), user.id)).toBe(true);
    expect(await getAvatar(runtimeDb(), user.id)).toBeNull();
    expect((await getUserById(runtimeDb(), user.id))!.avatarVersion).toBeNull();
    expect(await removeAvatar(runtimeDb(), user.id)).toBe(false);
  });

  it("refuses a file that is not an image whatever it claims, an empty one, and one over 256 KB", async () => {
    const user = await createUser();
    await expect(setAvatar(runtimeDb(), user.id, Buffer.from("<svg onload='alert(1)'/>"))).rejects.toThrow("not a PNG, JPEG or WebP");
    await expect(setAvatar(runtimeDb(), user.id, Buffer.alloc(0))).rejects.toThrow("empty");
    await expect(setAvatar(runtimeDb(), user.id, Buffer.concat([PNG, Buffer.alloc(256 * 1024)]))).rejects.toThrow("the limit is 256 KB");
    expect(await getAvatar(runtimeDb(), user.id)).toBeNull();
  });
});

describe("members' avatars", () => {
  it("are readable in an organization only for its members", async () => {
    const { org } = await createTenant();
    const [member, stranger] = [await createUser(), await createUser()];
    await addMember(org.id, member.id, "member");
    await setAvatar(runtimeDb(), member.id, JPEG);
    await setAvatar(runtimeDb(), stranger.id, PNG);
    expect((await inTenant(org.id, (tx) => getMemberAvatar(tx, member.id)))?.contentType).toBe("image/jpeg");
    expect(await inTenant(org.id, (tx) => getMemberAvatar(tx, stranger.id))).toBeNull();
  });
});

describe("dismissed hints", () => {
  it("remembers a dismissed hint per user, once", async () => {
    const [a, b] = [await createUser(), await createUser()];
    await dismissHint(runtimeDb(), a.id, "home-checklist:x");
    await dismissHint(runtimeDb(), a.id, "home-checklist:x");
    expect(await hasDismissedHint(runtimeDb(), a.id, "home-checklist:x")).toBe(true);
    expect(await hasDismissedHint(runtimeDb(), b.id, "home-checklist:x")).toBe(false);
  });
});
