// ESLint (flat config) with typescript-eslint's type-checked rules. Formatting is Prettier's job.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "prisma/generated/**",
      "**/dist/**",
      "scratch/**",
      "coverage/**",
      "test-artifacts/**",
      ".cache/**",
      "dapr/local/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.mjs", "vitest.config.ts", "*/bin/*.mjs", "*/scripts/*.mjs", "chat-gateway/public/*.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      // Settings are read, validated and documented in one env.ts per service (like create-t3-turbo's restrictEnvAccess).
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through the service's env.ts (zod-validated, listed in the README)." },
      ],
      "no-restricted-imports": ["error", { name: "process", importNames: ["env"], message: "Read settings through the service's env.ts." }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["**/env.ts", "**/env.mjs"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Tests and benchmarks read our own API's JSON answers and assert on them: a wrong shape fails the
    // test, which is the point, so `any` for a parsed body and `!` for what the test just made are allowed
    // there (and only there).
    files: ["test/**/*.ts", "**/*.test.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      // Stand-ins for async interfaces (an authenticate that answers at once) need no await.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["chat-gateway/public/**/*.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
