import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "../../../platform/env";
import { languageModel, restoreLanguageModel, setLanguageModelForTests } from "./model";

const KEYS = ["LLM_API_KEY", "LLM_MODEL", "LLM_BASE_URL"] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  reloadEnv();
  restoreLanguageModel();
});

function configure(values: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, values);
  reloadEnv();
}

describe("languageModel", () => {
  it("is null without both a key and a model name", () => {
    configure({});
    expect(languageModel()).toBeNull();
    configure({ LLM_API_KEY: "sk-test" });
    expect(languageModel()).toBeNull();
    configure({ LLM_MODEL: "gpt-test" });
    expect(languageModel()).toBeNull();
  });

  it("is an OpenAI-compatible chat model when configured, rebuilt when the settings change", () => {
    configure({ LLM_API_KEY: "sk-test", LLM_MODEL: "local-model", LLM_BASE_URL: "http://127.0.0.1:9/v1" });
    const model = languageModel();
    expect(model).toMatchObject({ modelId: "local-model", provider: "openai.chat" });
    expect(languageModel()).toBe(model);
    configure({ LLM_API_KEY: "sk-test", LLM_MODEL: "other-model" });
    expect(languageModel()).toMatchObject({ modelId: "other-model" });
  });

  it("answers with the test's model, or none, until restored", () => {
    configure({ LLM_API_KEY: "sk-test", LLM_MODEL: "local-model" });
    const mock = new MockLanguageModelV3();
    setLanguageModelForTests(mock);
    expect(languageModel()).toBe(mock);
    setLanguageModelForTests(null);
    expect(languageModel()).toBeNull();
    restoreLanguageModel();
    expect(languageModel()).toMatchObject({ modelId: "local-model" });
  });
});
