import fs from "node:fs";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "bench/ladder-app/.next/**", "node_modules/**", ".data*/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Only the env module reads configuration; Next's runtime switch and tests/scripts excepted.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/server/platform/env.ts", "src/instrumentation.ts", "src/test/**", "src/**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through src/server/platform/env.ts." }],
    },
  },
  {
    // The layers below the modules never name one (a schema's foreign keys excepted): they get what
    // they need from the composition root, src/server/modules/index.ts.
    files: ["src/server/{db,jobs,platform}/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/server/**/schema.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/modules", "**/modules/**", "@/server/modules", "@/server/modules/**"], message: "db, jobs and platform sit below the modules: take what you need as a parameter from the composition root (src/server/modules/index.ts)." }] },
      ],
    },
  },
  {
    // The browser bundle gets server code only as types, or from files written to be client-safe.
    files: ["src/components/**/*.{ts,tsx}"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)server/(?!modules/(nav|nav-types|[^/]+/nav|[^/]+/permissions|[^/]+/validation|orgs/roles|orgs/plans|accounting/documents/money|ai/chat/protocol)$)",
              allowTypeImports: true,
              message: "Components import server code as types only, or from a client-safe file (nav, permissions, validation, roles, plans, accounting's document money, the AI chat protocol).",
            },
          ],
        },
      ],
    },
  },
  // A module's tables are its own: other modules call its services (a schema's foreign keys excepted).
  ...fs
    .readdirSync("src/server/modules", { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => ({
      files: [`src/server/modules/${name}/**/*.ts`],
      ignores: ["src/**/*.test.ts", `src/server/modules/${name}/**/schema.ts`],
      rules: {
        "@typescript-eslint/no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                group: ["../*/schema", "../../*/schema", "../../../*/schema", "@/server/modules/*/schema", `!../${name}/schema`, `!../../${name}/schema`, `!@/server/modules/${name}/schema`],
                allowTypeImports: true,
                message: `Another module's tables: call its services instead (the ${name} module owns only its own schema).`,
              },
            ],
          },
        ],
      },
    })),
);
