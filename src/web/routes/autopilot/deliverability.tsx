// /admin/deliverability: rates, sending domains (records, DNS check, warmup), suppression list, resume Autopilot.
import { notifyCadence } from "../../../tenant/notify"
import { Hono } from "hono"
import { eq } from "drizzle-orm"
import { domainsOf, suppressionList } from "../../../db/outreach-queries"
import { organisations } from "../../../db/schema"
import { dnsRecordsFor } from "../../../domain/deliverability"
import { can } from "../../../domain/roles"
import { warmupCap } from "../../../domain/send-caps"
import { DohResolver } from "../../../integrations/dns"
import {
  addSendingDomain,
  addSuppression,
  platformDomainOf,
  removeSuppression,
  verifySendingDomain,
} from "../../../services/deliverability"
import { resumeAutopilot, rollingRates } from "../../../services/email-events"
import { AppError } from "../../errors"
import type { AppEnv } from "../../env"
import { DeliverabilityPage } from "../../views/pages/autopilot/deliverability"

const back = (q: Record<string, string>) => `/admin/deliverability?${new URLSearchParams(q)}`

/** Runs a form action; a refusal comes back as a message on the page instead of an error page. */
async function formAction(run: () => Promise<unknown>, ok: string): Promise<string> {
  try {
    await run()
    return back({ ok })
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 404) return back({ error: err.message })
    throw err
  }
}

export const deliverabilityRoutes = new Hono<AppEnv>()
  .get("/admin/deliverability", async (c) => {
    const { db, member } = c.var
    const now = new Date()
    const [rates, domains, list, [org]] = await Promise.all([
      rollingRates(db, member.orgId, now),
      domainsOf(db, member.orgId),
      suppressionList(db, member.orgId),
      db
        .select({ paused: organisations.autopilotPaused, reason: organisations.autopilotPausedReason })
        .from(organisations)
        .where(eq(organisations.id, member.orgId))
        .limit(1),
    ])
    const platform = platformDomainOf(c.env)
    const q = c.req.query()
    return c.html(
      <DeliverabilityPage
        member={member}
        canResume={can(member.role, "admin")}
        paused={org?.paused ? { reason: org.reason } : null}
        rates={rates}
        domains={domains.map((d) => ({
          ...d,
          records: dnsRecordsFor(d.domain, d.dkimSelector, platform, c.env.INBOUND_DOMAIN),
          capToday: warmupCap(d.warmupStartedAt, now, d.dailyCap),
        }))}
        list={list}
        flash={q.error ? { kind: "bad", text: q.error } : q.ok ? { kind: "good", text: q.ok } : null}
      />,
    )
  })
  .post("/admin/deliverability/suppressions", async (c) => {
    const body = await c.req.parseBody()
    const email = String(body.email ?? "")
    return c.redirect(
      await formAction(async () => {
        await addSuppression(c.var.db, c.var.member.orgId, c.var.actor, email, String(body.detail ?? "").trim() || null)
        await notifyCadence(c.env, c.var.member.orgId, { all: true })
      }, `${email.trim().toLowerCase()} is suppressed.`),
      303,
    )
  })
  .post("/admin/deliverability/suppressions/:id/remove", async (c) => {
    await removeSuppression(c.var.db, c.var.member.orgId, c.var.actor, c.req.param("id"))
    return c.redirect(back({ ok: "Address removed from the suppression list." }), 303)
  })
  .post("/admin/deliverability/domains", async (c) => {
    const body = await c.req.parseBody()
    return c.redirect(
      await formAction(
        () => addSendingDomain(c.var.db, c.var.member.orgId, c.var.actor, String(body.domain ?? "")),
        "Domain added: publish the records below, then check DNS.",
      ),
      303,
    )
  })
  .post("/admin/deliverability/domains/:id/verify", async (c) => {
    const ok = await verifySendingDomain(c.var.db, c.env, c.var.member.orgId, c.var.actor, c.req.param("id"), new DohResolver())
    const missing = Object.entries(ok)
      .filter(([, v]) => !v)
      .map(([k]) => k)
    return c.redirect(
      back(
        missing.length
          ? { error: `Not found in DNS yet: ${missing.join(", ")}. DNS changes can take a few hours.` }
          : { ok: "SPF, DKIM and DMARC are all in place." },
      ),
      303,
    )
  })
  .post("/admin/deliverability/resume", async (c) => {
    await resumeAutopilot(c.var.db, c.var.member.orgId, c.var.actor)
    return c.redirect(back({ ok: "Autopilot resumed." }), 303)
  })
