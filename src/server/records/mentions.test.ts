import { describe, expect, it } from "vitest";
import { findMentions } from "./mentions";

const SAM = { userId: "u-sam", name: "Sam Sales" };
const DANA = { userId: "u-dana", name: "Dana  Demo" };
const ANA = { userId: "u-ana", name: "Ana María López" };
const SAMUEL = { userId: "u-samuel", name: "Samuel" };
const members = [SAM, DANA, ANA];

describe("findMentions", () => {
  it("finds full names with spaces, in any case, each member once", () => {
    expect(findMentions("Call @sam sales and @Dana Demo, then @Sam Sales again.", members)).toEqual(["u-sam", "u-dana"]);
  });

  it("finds names with accents and several words", () => {
    expect(findMentions("Thanks @Ana María López!", members)).toEqual(["u-ana"]);
  });

  it("takes a first name that only one member has", () => {
    expect(findMentions("@Dana can you check?", members)).toEqual(["u-dana"]);
  });

  it("ignores a first name several members share, and a name that goes on into another word", () => {
    const twoSams = [SAM, { userId: "u-sam2", name: "Sam Other" }];
    expect(findMentions("ask @Sam about it", twoSams)).toEqual([]);
    expect(findMentions("@Samantha is new", [SAM])).toEqual([]);
    expect(findMentions("@Samuel and @Sam", [SAM, SAMUEL])).toEqual(["u-samuel", "u-sam"]);
  });

  it("ignores unknown names and a bare @", () => {
    expect(findMentions("@Nobody here, @ all, email me", members)).toEqual([]);
  });

  it("does not take an email address for a mention", () => {
    expect(findMentions("write to sam@sam.sales or dana.demo@example.com", [SAM, DANA, { userId: "u-ex", name: "example" }])).toEqual([]);
  });

  it("finds a mention after punctuation or a line break", () => {
    expect(findMentions("Hi,\n(@sam sales) see this", members)).toEqual(["u-sam"]);
  });
});
