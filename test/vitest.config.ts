// Vitest inside workerd (@cloudflare/vitest-plugin): real D1, Durable Objects, Queues and R2 per test file.
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import path from "node:path"
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin"
import { defineConfig } from "vitest/config"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"))
  // The CSV fixtures as bytes (base64), for the tests where the encoding is the point (Vite's ?raw decodes as UTF-8).
  const csvDir = path.join(root, "test/fixtures/csv")
  const csvBytes = Object.fromEntries(
    ["", "hostile/"].flatMap((sub) =>
      readdirSync(path.join(csvDir, sub))
        .filter((f) => f.endsWith(".csv"))
        .map((f) => [`${sub}${f}`, readFileSync(path.join(csvDir, sub, f)).toString("base64")]),
    ),
  )
  return {
    root,
    plugins: [
      cloudflareTest({
        main: path.join(root, "src/index.ts"),
        wrangler: { configPath: path.join(root, "wrangler.toml") },
        miniflare: {
          bindings: {
            APP_ENV: "test",
            APP_URL: "http://localhost:8787",
            EMAIL_TRANSPORT: "dev",
            TEST_MIGRATIONS: migrations,
            TEST_CSV_BYTES: csvBytes,
            SESSION_SECRET: "test-session-secret",
            PORTAL_SIGNING_KEY: "test-portal-signing-key-0123456789",
            PORTAL_SIGNING_KEY_ID: "k1",
            PORTAL_SIGNING_KEY_PREVIOUS: "",
            PORTAL_SIGNING_KEY_PREVIOUS_ID: "",
            STRIPE_SECRET_KEY: "sk_test_plixo",
            STRIPE_WEBHOOK_SECRET: "whsec_test_plixo",
            STRIPE_API_BASE: "",
            STRIPE_BILLING_SECRET_KEY: "",
            STRIPE_BILLING_WEBHOOK_SECRET: "whsec_test_plixo_billing",
            EMAIL_API_URL: "",
            EMAIL_API_KEY: "",
            EMAIL_WEBHOOK_SECRET: "whsec_email_test",
            CONNECTOR_ENCRYPTION_KEY: "test-connector-key-0123456789abcdef0123",
            QUICKBOOKS_CLIENT_ID: "test-qbo-client",
            QUICKBOOKS_CLIENT_SECRET: "test-qbo-secret",
            QUICKBOOKS_API_BASE: "/dev/fake/quickbooks",
            NETSUITE_API_BASE: "/dev/fake/netsuite",
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
      exclude: ["test/e2e/**", "node_modules/**"],
      setupFiles: ["test/setup.ts"],
      // ics (RFC 5545 invitations) pulls in yup and property-expr as CommonJS: pre-bundle them for workerd.
      deps: { optimizer: { ssr: { enabled: true, include: ["ics"] } } },
      globals: true,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }
})
