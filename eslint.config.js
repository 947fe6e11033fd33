// ESLint (flat config) with typescript-eslint's type-checked rules. Formatting is Prettier's job.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

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
        projectService: { allowDefaultProject: ["*.js", "*.mjs", "vitest.config.ts", "*/bin/*.mjs", "*/scripts/*.mjs", "web/public/*.js"] },
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
    // Nothing in the product may read or build a date in the process's own zone: the server's zone
    // (a container's UTC, a laptop's Paris) is nobody's zone. Calendar fields come from luxon with the
    // user's IANA zone, or from the UTC methods for floating dates; "now" comes from the injected
    // Clock, so DateTime.now()/local() are never needed (not even followed by setZone). The one
    // deliberate reader of the machine's zone is machineTimeZone() in services/src/time/zone.ts, used
    // only by the CLI, which runs on the user's own machine. CI also runs the suite under TZ=UTC and
    // TZ=Pacific/Kiritimati to catch what a syntax rule cannot see (e.g. new Date("2026-06-30T20:00")).
    files: ["services/**/*.ts", "mcp-server/**/*.ts", "chat-gateway/src/**/*.ts", "embedded/**/*.ts", "web/src/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/test/**", "**/bench/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[property.name=/^(getFullYear|getMonth|getDate|getDay|getHours|getMinutes|getSeconds|getTimezoneOffset|setFullYear|setMonth|setDate|setHours|setMinutes|setSeconds|toDateString|toTimeString|toLocaleDateString|toLocaleTimeString|toLocaleString)$/]",
          message:
            "Reads or sets a Date in the process's zone. Use luxon with the user's zone (DateTime.fromJSDate(d, { zone })) or, for floating dates, the getUTC*/setUTC* methods.",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length>1]",
          message: "new Date(y, m, d, …) builds the date in the process's zone. Use Date.UTC(…) or DateTime.fromObject({…}, { zone }).",
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='parse']",
          message:
            "Date.parse reads a string without an offset in the process's zone. Use parseIsoDateTime(value, timeZone) or DateTime.fromISO(value, { zone }).",
        },
        {
          selector: "MemberExpression[object.name='DateTime'][property.name=/^(local|now)$/]",
          message:
            "DateTime.now()/local() are in the process's zone. Take now from the Clock and use DateTime.fromJSDate(now, { zone: user.timeZone }).",
        },
        {
          selector:
            "CallExpression[callee.object.name='DateTime'][callee.property.name=/^from(ISO|JSDate|Object|Format|SQL|Millis|Seconds|RFC2822|HTTP)$/]:not(:has(Property[key.name='zone']))",
          message:
            "A luxon DateTime without { zone } has the process's zone. Pass { zone: user.timeZone } (or { zone: 'UTC' } for date-only arithmetic).",
        },
        {
          selector:
            ":matches(NewExpression, CallExpression)[callee.object.name='Intl'][callee.property.name='DateTimeFormat']:not(:has(Property[key.name='timeZone']))",
          message: "Intl.DateTimeFormat without timeZone formats in the process's zone. Pass { timeZone: user.timeZone }.",
        },
        {
          selector: "CallExpression[callee.object.name='chrono']:not(:has(Property[key.name='timezone']))",
          message: "chrono without a reference timezone reads the phrase in the process's zone. Pass { instant: now, timezone: offsetMinutes }.",
        },
      ],
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
    // The web app runs in the browser: browser globals, not Node's, and React's rules of hooks.
    files: ["web/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ["web/public/**/*.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
