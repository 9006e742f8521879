// Admin -> Connectors: overview, CSV import (upload, preview, confirm, progress, errors, templates), Stripe actions.
import { Hono } from "hono"
import { findImport, importErrorsOf, importKindOf, recentImports } from "../../../db/imports"
import { fieldsOf, templates } from "../../../domain/csv-fields"
import type { DateOrder } from "../../../domain/csv-rows"
import { toCsv } from "../../../integrations/csv"
import {
  connectorSummaries,
  connectorHealth,
  ConnectorRefused,
  finishStripeOnboarding,
  sendStripeTestEvent,
  startStripeOnboarding,
  stripeConnector,
} from "../../../services/connectors"
import { computeDataReady, greenStreakDays } from "../../../services/data-ready"
import { previewOf, type ImportMessage, uploadForPreview } from "../../../services/import-uploads"
import { IMPORT_MAX_LABEL, ImportRefused } from "../../../services/import-input"
import { confirmImport, importSummary } from "../../../services/imports"
import { NETSUITE_DEMO } from "../../../integrations/erp/fake/netsuite"
import { quickbooksConfigured } from "../../../integrations/erp/quickbooks-api"
import { AppError, notFound } from "../../errors"
import { isDevelopment } from "../../session-cookie"
import type { AppContext, AppEnv } from "../../env"
import { ConnectorsPage } from "../../views/pages/connectors"
import { ImportPreviewPage, ImportProgress, ImportStatusPage, ImportUploadPage } from "../../views/pages/imports"

/** The local fake's demo credentials, pre-filled in development only. */
const netsuiteDemoForm = () => ({
  account_id: NETSUITE_DEMO.accountId,
  consumer_key: NETSUITE_DEMO.consumerKey,
  consumer_secret: NETSUITE_DEMO.consumerSecret,
  token_id: NETSUITE_DEMO.tokenId,
  token_secret: NETSUITE_DEMO.tokenSecret,
})

const page = (c: AppContext, node: unknown, status: 200 | 400 | 413 | 422 = 200) => c.html(`<!doctype html>${node}`, status)

const notices: Record<string, { kind: "good" | "bad" | "info"; text: string }> = {
  test_sent: {
    kind: "info",
    text: "Test event sent. The badge turns green when Stripe's webhook reaches Plixo (usually within seconds); reload to check.",
  },
  returned: { kind: "good", text: "Back from Stripe. The connector shows what Stripe reported." },
  quickbooks_connected: {
    kind: "good",
    text: "QuickBooks Online is connected. The first full load runs now; reload in a moment to see what it brought in.",
  },
  netsuite_connected: {
    kind: "good",
    text: "NetSuite accepted the credentials and is connected. The first full load runs now; reload in a moment to see it.",
  },
  disconnected: { kind: "info", text: "Disconnected. The stored credentials are deleted; the data already imported stays." },
}

export async function connectorsPage(
  c: AppContext,
  notice: { kind: "good" | "bad" | "info"; text: string } | null = null,
  status: 200 | 400 | 422 = 200,
) {
  const { db, member } = c.var
  const now = new Date()
  const [dataReady, streak, stripe, imports, summaries] = await Promise.all([
    computeDataReady(db, member.orgId, now),
    greenStreakDays(db, member.orgId, now),
    stripeConnector(db, member.orgId),
    recentImports(db, member.orgId, 8),
    connectorSummaries(db, member.orgId, now),
  ])
  return page(
    c,
    <ConnectorsPage
      member={member}
      dataReady={dataReady}
      streak={streak}
      stripe={stripe}
      health={connectorHealth(stripe, now)}
      stripeConfigured={!!c.env.STRIPE_SECRET_KEY}
      imports={imports}
      notice={notice}
      summaries={summaries}
      quickbooksConfigured={quickbooksConfigured(c.env) && !!c.env.CONNECTOR_ENCRYPTION_KEY}
      netsuiteDemo={isDevelopment(c) && c.env.NETSUITE_API_BASE?.startsWith("/") ? netsuiteDemoForm() : null}
    />,
    status,
  )
}

async function uploadPage(c: AppContext, error: string | null = null, status: 200 | 400 | 413 = 200) {
  return page(
    c,
    <ImportUploadPage
      member={c.var.member}
      imports={await recentImports(c.var.db, c.var.member.orgId, 10)}
      error={error}
      limit={IMPORT_MAX_LABEL}
    />,
    status,
  )
}

async function loadImport(c: AppContext) {
  const record = await findImport(c.var.db, c.var.member.orgId, c.req.param("id") ?? "")
  if (!record) throw notFound("Import")
  return record
}

export const connectorRoutes = new Hono<AppEnv>()
  .get("/admin/connectors", (c) => connectorsPage(c, notices[c.req.query("done") ?? ""] ?? null))
  .get("/admin/connectors/import", (c) => uploadPage(c))
  .get("/admin/connectors/import/templates/:file", (c) => {
    const kind = importKindOf(c.req.param("file").replace(/\.csv$/, ""))
    if (!kind) throw notFound("Template")
    return c.body(templates[kind], 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="plixo-${kind}-template.csv"`,
    })
  })
  .post("/admin/connectors/import", async (c) => {
    const declared = Number(c.req.header("Content-Length") ?? "0")
    if (declared > 21 * 1024 * 1024)
      return uploadPage(c, `The file is too large: the limit is ${IMPORT_MAX_LABEL} per file. Split it into smaller files.`, 413)
    const form = await c.req.formData()
    const kind = importKindOf(String(form.get("kind") ?? ""))
    const file = form.get("file")
    if (!kind) return uploadPage(c, "Choose whether the file holds customers or invoices.", 400)
    if (!file || typeof file === "string" || file.size === 0)
      return uploadPage(c, "The file is empty: upload a CSV with a header row and at least one data row.", 400)
    try {
      const record = await uploadForPreview(c.env, c.var.db, c.var.member.orgId, c.var.actor, kind, file)
      return c.redirect(`/admin/connectors/import/${record.id}`, 303)
    } catch (err) {
      if (err instanceof ImportRefused) return uploadPage(c, err.message, err.status === 413 ? 413 : 400)
      throw err
    }
  })
  .get("/admin/connectors/import/:id", async (c) => {
    const record = await loadImport(c)
    if (record.status === "pending") {
      try {
        return page(
          c,
          <ImportPreviewPage member={c.var.member} record={record} preview={await previewOf(c.env, c.var.member.orgId, record)} />,
        )
      } catch (err) {
        if (err instanceof ImportRefused) return uploadPage(c, err.message, 400)
        throw err
      }
    }
    const summary = (await importSummary(c.var.db, c.var.member.orgId, record.id))!
    return page(c, <ImportStatusPage member={c.var.member} record={record} summary={summary} />)
  })
  .post("/admin/connectors/import/:id/confirm", async (c) => {
    const record = await loadImport(c)
    if (record.status !== "pending") return c.redirect(`/admin/connectors/import/${record.id}`, 303)
    const form = await c.req.formData()
    const preview = await previewOf(c.env, c.var.member.orgId, record)
    const allowed = new Set(fieldsOf[record.kind])
    const mapping: Record<string, string> = {}
    preview.headers.forEach((h, i) => {
      const field = String(form.get(`map_${i}`) ?? "")
      mapping[h] = allowed.has(field) ? field : ""
    })
    const taken = Object.values(mapping).filter(Boolean)
    const dupe = taken.find((f, i) => taken.indexOf(f) !== i)
    const dateOrder = (["iso", "dmy", "mdy"].includes(String(form.get("date_order"))) ? String(form.get("date_order")) : "iso") as DateOrder
    const again = (error: string) =>
      page(
        c,
        <ImportPreviewPage
          member={c.var.member}
          record={{ ...record, mapping, options: { ...record.options, date_order: dateOrder } }}
          preview={{ ...preview, mapping }}
          error={error}
        />,
        400,
      )
    if (dupe) return again(`Two columns are mapped to ${dupe}: choose one and set the other to "Ignore this column".`)
    try {
      await confirmImport(c.var.db, c.var.member.orgId, c.var.actor, record, mapping, dateOrder, new Date())
    } catch (err) {
      if (err instanceof ImportRefused) return again(err.message)
      throw err
    }
    await c.env.IMPORTS.send({ orgId: c.var.member.orgId, importId: record.id, actor: c.var.actor } satisfies ImportMessage, {
      contentType: "json",
    })
    return c.redirect(`/admin/connectors/import/${record.id}`, 303)
  })
  .get("/admin/connectors/import/:id/progress", async (c) => {
    const record = await loadImport(c)
    const summary = (await importSummary(c.var.db, c.var.member.orgId, record.id, 0))!
    // Finished: reload the page so the errors list and the download appear.
    if (summary.status !== "processing") c.header("HX-Refresh", "true")
    return c.html(`${<ImportProgress summary={summary} />}`)
  })
  .get("/admin/connectors/import/:id/errors.csv", async (c) => {
    const record = await loadImport(c)
    const errors = await importErrorsOf(c.var.db, c.var.member.orgId, record.id, 200_000)
    return c.body(
      toCsv(
        ["row", "field", "message", "value"],
        errors.map((e) => [e.row, e.field, e.message, e.value]),
      ),
      200,
      {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="plixo-import-${record.id}-errors.csv"`,
      },
    )
  })
  .post("/admin/connectors/stripe/connect", async (c) => {
    try {
      return c.redirect(await startStripeOnboarding(c.env, c.var.db, c.var.member.orgId, c.var.actor), 303)
    } catch (err) {
      if (err instanceof ConnectorRefused) return connectorsPage(c, { kind: "bad", text: err.message }, 422)
      throw new AppError(500, "internal", `Stripe did not accept the request: ${err instanceof Error ? err.message : String(err)}`)
    }
  })
  .get("/admin/connectors/stripe/return", async (c) => {
    await finishStripeOnboarding(c.env, c.var.db, c.var.member.orgId, c.var.actor)
    return c.redirect("/admin/connectors?done=returned", 303)
  })
  .get("/admin/connectors/stripe/refresh", (c) =>
    connectorsPage(c, { kind: "info", text: "The Stripe onboarding link expired. Press Continue onboarding for a fresh one." }),
  )
  .post("/admin/connectors/stripe/test-event", async (c) => {
    try {
      await sendStripeTestEvent(c.env, c.var.db, c.var.member.orgId, c.var.actor)
      return c.redirect("/admin/connectors?done=test_sent", 303)
    } catch (err) {
      if (err instanceof ConnectorRefused) return connectorsPage(c, { kind: "bad", text: err.message }, 422)
      throw err
    }
  })
