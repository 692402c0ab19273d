import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      // Next's guard against client imports; meaningless outside the Next bundler.
      "server-only": path.resolve(import.meta.dirname, "src/test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "infra/**/*.test.ts"],
    environment: "node",
    globalSetup: ["src/test/global-setup.ts"],
    setupFiles: ["src/test/database-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
      // The AI module embeds with the tiny model made in the repository (scripts/make-tiny-model.ts):
      // the real transformers.js code runs, nothing is downloaded.
      AI_MODEL_CACHE_DIR: path.resolve(import.meta.dirname, "src/test/fixtures/models"),
      AI_EMBEDDING_MODEL: "neuroops/tiny-embedder",
      HF_HUB_OFFLINE: "1",
      // Suites call one test tenant hundreds of times a minute; the API limit's own tests set 1.
      API_RATE_LIMIT_MULTIPLIER: "1000",
    },
  },
});
