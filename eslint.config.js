import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", ".sst/**", ".data/**", "cdk.out/**", "bench/results.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // The browser gets pure core modules only (schemas, labels, rules), never what touches the
    // table, secrets or AWS: those would be bundled into pages or fail there at run time.
    files: ["web/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@aws-sdk/*", "@smithy/*", "jose", "node:*"], message: "Server-only: the web app runs in the browser." },
            { group: ["@tongxin/functions", "@tongxin/functions/*", "**/packages/*/src/**"], message: "The web imports core as @tongxin/core/<module>, and never the Hono app." },
            { group: ["@tongxin/core/db", "@tongxin/core/db/*", "@tongxin/core/seed/*", "@tongxin/core/uploads/*"], message: "Server-only: DynamoDB and S3 access stay in core." },
            {
              group: ["@tongxin/core/*/store", "@tongxin/core/*/secret", "@tongxin/core/*/secrets", "@tongxin/core/origin-secret", "@tongxin/core/config"],
              message: "Server-only: stores, secrets and configuration stay in core.",
            },
            {
              // Modules that read or write the table (each domain's I/O beside its pure rules).
              group: [
                "@tongxin/core/orgs/orgs",
                "@tongxin/core/members/members",
                "@tongxin/core/auth/accounts", "@tongxin/core/auth/login", "@tongxin/core/auth/sessions", "@tongxin/core/auth/password", "@tongxin/core/auth/throttle",
                "@tongxin/core/forms/forms", "@tongxin/core/forms/submissions", "@tongxin/core/forms/export",
                "@tongxin/core/workflows/instances", "@tongxin/core/workflows/workflows",
                "@tongxin/core/activities/activities", "@tongxin/core/activities/calendar", "@tongxin/core/activities/checkin", "@tongxin/core/activities/signups", "@tongxin/core/activities/stats", "@tongxin/core/activities/summary", "@tongxin/core/activities/recompute", "@tongxin/core/activities/proposal-form",
                "@tongxin/core/elections/ballots", "@tongxin/core/elections/codes", "@tongxin/core/elections/lifecycle", "@tongxin/core/elections/nominations", "@tongxin/core/elections/results", "@tongxin/core/elections/roll", "@tongxin/core/elections/runoff", "@tongxin/core/elections/export", "@tongxin/core/elections/card-qr",
                "@tongxin/core/campaigns/entries", "@tongxin/core/campaigns/judging", "@tongxin/core/campaigns/lifecycle", "@tongxin/core/campaigns/objections", "@tongxin/core/campaigns/results", "@tongxin/core/campaigns/demo", "@tongxin/core/campaigns/demo-cases", "@tongxin/core/campaigns/entry-form",
              ],
              message: "Server-only: this core module reads or writes the table. Import the domain's schema or model module instead.",
            },
          ],
        },
      ],
    },
  },
);
