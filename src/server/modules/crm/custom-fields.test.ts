import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../test/crm/team";
import { Conflict, ValidationFailed } from "../../platform/errors";
import { createContact, getContact } from "./contacts/contacts";
import {
  createCustomField,
  formatCustomValue,
  keyFromLabel,
  listCustomFields,
  parseCustomFieldText,
  setCustomFieldArchived,
  updateCustomField,
  type CustomField,
} from "./custom-fields";

const field = (type: CustomField["type"], options: string[] = []) => ({ type, options, label: "F", key: "f" }) as CustomField;

describe("custom field definitions", () => {
  it("derive a key from the label and refuse a second field with the same key", async () => {
    expect(keyFromLabel("Annual revenue (€)")).toBe("annual_revenue");
    expect(keyFromLabel("2nd phone")).toBe("field_2nd_phone");
    const { owner } = await crmTeam();
    const created = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "company", label: "Annual revenue", type: "money" }));
    expect(created.key).toBe("annual_revenue");
    await expect(owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "company", label: "Annual Revenue", type: "number" }))).rejects.toBeInstanceOf(Conflict);
    // The same key on another entity type is fine.
    await expect(owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "deal", label: "Annual revenue", type: "money" }))).resolves.toBeTruthy();
  });

  it("need options when they are selects", async () => {
    const { owner } = await crmTeam();
    await expect(owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Tier", type: "single_select" }))).rejects.toMatchObject({
      fields: { options: ["A select field needs at least one option."] },
    });
    await expect(
      owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Tier", type: "single_select", options: ["Gold", "gold"] })),
    ).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("when archived, leave forms but keep the values on records", async () => {
    const { owner } = await crmTeam();
    const tier = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Tier", type: "single_select", options: ["Gold", "Silver"] }));
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "T", custom: { tier: "Gold" } }));
    await owner.run((tx) => setCustomFieldArchived(tx, owner.actor, tier.id, true));
    expect(await owner.run((tx) => listCustomFields(tx, "contact"))).toEqual([]);
    expect((await owner.run((tx) => getContact(tx, contact.id))).custom).toEqual({ tier: "Gold" });
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "U", custom: { tier: "Gold" } }))).rejects.toMatchObject({
      fields: { "custom.tier": ["This field does not exist (or was archived)."] },
    });
    await owner.run((tx) => setCustomFieldArchived(tx, owner.actor, tier.id, false));
    const renamed = await owner.run((tx) => updateCustomField(tx, owner.actor, { id: tier.id, label: "Customer tier", options: ["Gold", "Silver", "Bronze"], required: true }));
    expect([renamed.label, renamed.options, renamed.required, renamed.type]).toEqual(["Customer tier", ["Gold", "Silver", "Bronze"], true, "single_select"]);
  });
});

describe("custom values in CSV cells", () => {
  it.each([
    [field("number"), "1,234.5", 1234.5],
    [field("money"), "1,250.00 EUR", { amountMinor: 125000, currency: "EUR" }],
    [field("money"), "JPY 1500", { amountMinor: 1500, currency: "JPY" }],
    [field("money"), "99.5", { amountMinor: 9950, currency: "USD" }],
    [field("multi_select", ["A", "B"]), "A; B", ["A", "B"]],
    [field("checkbox"), "Yes", true],
    [field("checkbox"), "0", false],
    [field("text"), "  ", null],
  ])("parses %# into the stored form", (definition, cell, expected) => {
    expect(parseCustomFieldText(definition, cell, "USD")).toEqual(expected);
  });

  it.each([
    [field("money"), { amountMinor: 125000, currency: "EUR" }, "1250.00 EUR"],
    [field("money"), { amountMinor: 1500, currency: "JPY" }, "1500 JPY"],
    [field("multi_select"), ["A", "B"], "A; B"],
    [field("checkbox"), false, "no"],
    [field("date"), "2026-11-25", "2026-11-25"],
  ])("formats %# for export", (definition, value, expected) => {
    expect(formatCustomValue(definition, value)).toBe(expected);
  });
});
