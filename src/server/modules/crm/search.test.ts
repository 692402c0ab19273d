import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../test/crm/team";
import { createCompany } from "./companies/companies";
import { createContact } from "./contacts/contacts";
import { prefixQuery } from "../../records/lists";
import { globalSearch } from "./search";

describe("global search", () => {
  it("finds companies and contacts by word prefixes, names starting with the text first", async () => {
    const { owner } = await crmTeam();
    await owner.run(async (tx) => {
      const acme = await createCompany(tx, owner.actor, { name: "Acme Robotics", domain: "https://www.acme-robotics.example/about" });
      await createContact(tx, owner.actor, { firstName: "Ada", lastName: "Lovelace", companyId: acme.id, emails: [{ value: "ada@analytical.example" }] });
      await createContact(tx, owner.actor, { firstName: "Grace", lastName: "Adams", title: "Admiral" });
      await createContact(tx, owner.actor, { firstName: "Bob", lastName: "Builder" });
    });
    const hits = await owner.run((tx) => globalSearch(tx, { q: "ad" }));
    expect(hits.map((h) => h.title)).toEqual(["Ada Lovelace", "Grace Adams"]);
    expect((await owner.run((tx) => globalSearch(tx, { q: "acme rob" }))).map((h) => [h.type, h.title])).toEqual([["company", "Acme Robotics"]]);
    expect((await owner.run((tx) => globalSearch(tx, { q: "analytical" }))).map((h) => h.title)).toEqual(["Ada Lovelace"]);
    expect((await owner.run((tx) => globalSearch(tx, { q: "acme-robotics.example" }))).map((h) => h.title)).toEqual(["Acme Robotics"]);
    expect(await owner.run((tx) => globalSearch(tx, { q: "zzz" }))).toEqual([]);
  });

  it("never lets typed text become tsquery syntax", async () => {
    expect(prefixQuery("a & !b | c:* ' (d)")).toBe("'a':* & 'b':* & 'c':* & 'd':*");
    expect(prefixQuery(" ::: ")).toBeNull();
    const { owner } = await crmTeam();
    await expect(owner.run((tx) => globalSearch(tx, { q: "')|(" }))).resolves.toEqual([]);
  });

  it("only searches the caller's tenant", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    await b.owner.run((tx) => createContact(tx, b.owner.actor, { firstName: "Secretive" }));
    expect(await a.owner.run((tx) => globalSearch(tx, { q: "secret" }))).toEqual([]);
  });
});

describe("search under row-level security", () => {
  it("can use the (tenant_id, search) index: the match operator is leakproof", async () => {
    const { owner } = await crmTeam();
    const [row] = await owner.run((tx) =>
      tx.execute<{ leakproof: boolean }>(sql`select proleakproof as leakproof from pg_proc where oid = 'ts_match_vq(tsvector, tsquery)'::regprocedure`),
    );
    expect(row!.leakproof).toBe(true);
  });
});
