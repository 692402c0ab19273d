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

  it("bound number and money values when given a smallest or largest value (issue 10, bug 6: negative money was accepted)", async () => {
    const { owner } = await crmTeam();
    const revenue = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Revenue", type: "money", minValue: 0 }));
    const score = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Score", type: "number", minValue: 1, maxValue: 5 }));
    expect([revenue.minValue, revenue.maxValue, score.minValue, score.maxValue]).toEqual([0, null, 1, 5]);
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { revenue: { amountMinor: -100, currency: "EUR" } } }))).rejects.toMatchObject({
      fields: { "custom.revenue": ["Enter 0 or more."] },
    });
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { score: 6 } }))).rejects.toMatchObject({ fields: { "custom.score": ["Enter at most 5."] } });
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { score: 0.5 } }))).rejects.toMatchObject({ fields: { "custom.score": ["Enter at least 1."] } });
    const ok = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { revenue: { amountMinor: 0, currency: "EUR" }, score: 5 } }));
    expect(ok.custom).toEqual({ revenue: { amountMinor: 0, currency: "EUR" }, score: 5 });

    // A money bound is in major units; null lifts it; a field without bounds takes any sign.
    const capped = await owner.run((tx) => updateCustomField(tx, owner.actor, { id: revenue.id, maxValue: 10 }));
    expect([capped.minValue, capped.maxValue]).toEqual([0, 10]);
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { revenue: { amountMinor: 1001, currency: "EUR" } } }))).rejects.toMatchObject({
      fields: { "custom.revenue": ["Enter at most 10 EUR."] },
    });
    await owner.run((tx) => updateCustomField(tx, owner.actor, { id: revenue.id, minValue: null, maxValue: null }));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "N", custom: { revenue: { amountMinor: -5, currency: "EUR" } } }));
    await expect(owner.run((tx) => updateCustomField(tx, owner.actor, { id: score.id, minValue: 9 }))).rejects.toMatchObject({
      fields: { maxValue: ["The largest value cannot be below the smallest."] },
    });
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
