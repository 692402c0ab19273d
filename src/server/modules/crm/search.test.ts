import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../test/crm/team";
import { createCompany } from "./companies/companies";
import { createContact } from "./contacts/contacts";
import { prefixQuery } from "../../records/lists";
import { foldAccents, searchTsquery } from "../../records/search";
import { tenantKeyedQuery } from "../../records/search-key";
import { createDeal } from "./deals/deals";
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

  it("finds names without their accents, phone numbers however typed, and tags (issue 10, bug 8)", async () => {
    const { owner } = await crmTeam();
    await owner.run(async (tx) => {
      await createContact(tx, owner.actor, { firstName: "Jürgen", lastName: "Müller", phones: [{ value: "+49 30 1234567" }], tags: ["vip"] });
      await createContact(tx, owner.actor, { firstName: "Zoe", lastName: "Muller" });
      await createCompany(tx, owner.actor, { name: "Société Générale Études", tags: ["key-account"] });
      await createDeal(tx, owner.actor, { title: "Façade renovation", tags: ["renewal"] });
    });
    const titles = async (q: string) => (await owner.run((tx) => globalSearch(tx, { q }))).map((h) => h.title).sort();
    expect(await titles("Muller")).toEqual(["Jürgen Müller", "Zoe Muller"]);
    expect(await titles("müller")).toEqual(["Jürgen Müller", "Zoe Muller"]);
    expect(await titles("jurgen")).toEqual(["Jürgen Müller"]);
    expect(await titles("societe etudes")).toEqual(["Société Générale Études"]);
    expect(await titles("facade")).toEqual(["Façade renovation"]);
    // By prefix: with or without the country code, any punctuation (not the subscriber number alone).
    for (const phone of ["+49 30 1234567", "+4930 123 4567", "30/1234567", "(30) 123-4567", "4930123"]) {
      expect(await titles(phone), phone).toEqual(["Jürgen Müller"]);
    }
    expect(await titles("vip")).toEqual(["Jürgen Müller"]);
    expect(await titles("key-account")).toEqual(["Société Générale Études"]);
    expect(await titles("renewal")).toEqual(["Façade renovation"]);
  });

  it("folds the typed text exactly as the database folds the stored names", async () => {
    const { owner } = await crmTeam();
    const sample = "ÀÉÎÕÜÇÑŸàéîõüçñÿĀăĄćČďĚğĦıĶłŃňŐřŚşŠţŮűŹżŽØøĐ straße";
    const [row] = await owner.run((tx) => tx.execute<{ folded: string }>(sql`select neuroops_fold_accents(${sample}) as folded`));
    expect(foldAccents(sample)).toBe(row!.folded);
    expect(searchTsquery("Müller")).toBe("('müller':*) | ('muller':*)");
    expect(searchTsquery("ada")).toBe("'ada':*");
  });

  it("only searches the caller's tenant", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    await b.owner.run((tx) => createContact(tx, b.owner.actor, { firstName: "Secretive" }));
    expect(await a.owner.run((tx) => globalSearch(tx, { q: "secret" }))).toEqual([]);
  });
});

describe("search under row-level security", () => {
  it("can use the search_key index: the match operator is leakproof", async () => {
    const { owner } = await crmTeam();
    const [row] = await owner.run((tx) =>
      tx.execute<{ leakproof: boolean }>(sql`select proleakproof as leakproof from pg_proc where oid = 'ts_match_vq(tsvector, tsquery)'::regprocedure`),
    );
    expect(row!.leakproof).toBe(true);
  });

  it("keeps the alternatives in one constant tsquery on the search column (what the leakproof index path needs), as the app role", async () => {
    const { owner } = await crmTeam();
    const plan = await owner.run(async (tx) => {
      const rows = await tx.execute<{ "QUERY PLAN": string }>(
        sql`explain select id from crm_contacts where search @@ to_tsquery('simple', ${searchTsquery("Müller +49 30")})`,
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    // Accents and phone digits are folded on the typed text, never per row: the row side stays `search @@ <constant>`.
    expect(plan).toMatch(/search @@ '.*muller.*'::tsquery/);
    expect(plan).not.toMatch(/neuroops_fold_accents|translate\(/);
  });

  it("matches on the tenant-keyed vector exactly the rows the plain one matches, as a member", async () => {
    const { owner, people } = await crmTeam("member");
    await owner.run(async (tx) => {
      await createContact(tx, owner.actor, { firstName: "Anna", lastName: "O'Brien", emails: [{ value: "anna.obrien@north-wind.example" }], tags: ["vip", "key-account"] });
      await createContact(tx, owner.actor, { firstName: "Jürgen", lastName: "Müller", phones: [{ value: "+49 30 1234567" }] });
      await createContact(tx, owner.actor, { firstName: "Annabel", lastName: "Lee", title: "Head of Back\\Office" });
      await createContact(tx, owner.actor, { firstName: "Bob", lastName: "Builder" });
      await createCompany(tx, owner.actor, { name: "North Wind Traders", domain: "north-wind.example" });
      await createDeal(tx, owner.actor, { title: "Anna's renewal", tags: ["renewal"] });
    });
    const member = people[0]!;
    for (const typed of ["an", "anna", "o'brien", "obrien", "anna.obrien@north", "north-wind", "muller", "+49 30", "key-account", "back\\office", "annas", "zzz"]) {
      const tsquery = searchTsquery(typed)!;
      for (const table of ["crm_contacts", "crm_companies", "crm_deals"]) {
        const [row] = await member.run((tx) =>
          tx.execute<{ plain: string[]; keyed: string[] }>(sql`
            select array(select id::text from ${sql.identifier(table)} where search @@ to_tsquery('simple', ${tsquery}) order by id) as plain,
                   array(select id::text from ${sql.identifier(table)} where search_key @@ ${tenantKeyedQuery(sql`to_tsquery('simple', ${tsquery})`)} order by id) as keyed`),
        );
        expect(row!.keyed, `${table} "${typed}"`).toEqual(row!.plain);
        if (typed === "an" && table === "crm_contacts") expect(row!.plain.length).toBe(2);
      }
    }
    // That the index serves it at scale (and a two-letter prefix reads one tenant's entries) is bench:crm's plan (4), docs/performance.md.
  });

  it("finds nothing when no tenant is set (the keyed query is null)", async () => {
    const [row] = await (await crmTeam()).owner.run(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
      return tx.execute<{ query: string | null }>(sql`select ${tenantKeyedQuery(sql`to_tsquery('simple', 'anna')`)}::text as query`);
    });
    expect(row!.query).toBeNull();
  });
});
