// The CFO's weekly summary: on Monday 07:00 in the organisation's zone every CFO member (not unsubscribed) gets the
// console's headline figures by email, with a one-click unsubscribe (RFC 8058) and an audit entry.
import type { Db } from "../db/client"
import { suppressedAmong } from "../db/outreach-queries"
import { findOrganisation, membersOfOrg } from "../db/people"
import { summaryLines, weeklySummaryDue } from "../domain/cfo-summary"
import { CONSOLE_FORECAST_WEEKS } from "../domain/kpi-definitions"
import { auditInsert, systemActor } from "./audit"
import { linkEmail } from "./auth-emails"
import { cashForecast } from "./cash-forecast"
import { emailTransport } from "./email"
import { overviewMetrics } from "./metrics"
import { unsubscribeToken } from "./unsubscribe"

/** Sends this week's summary when `now` is in the organisation's Monday 07:00 slot; returns who got it. */
export async function sendCfoSummary(env: Env, db: Db, orgId: string, now: Date): Promise<string[]> {
  const org = await findOrganisation(db, orgId)
  const week = org ? weeklySummaryDue(now, org.timeZone) : null
  if (!org || !week) return []
  const cfos = (await membersOfOrg(db, orgId)).filter((m) => m.role === "cfo")
  if (cfos.length === 0) return []
  const blocked = await suppressedAmong(
    db,
    orgId,
    cfos.map((m) => m.email),
  )
  const to = cfos.filter((m) => !blocked.has(m.email.toLowerCase()))
  if (to.length === 0) return []
  const [o, f] = await Promise.all([overviewMetrics(db, orgId, now), cashForecast(db, orgId, now, CONSOLE_FORECAST_WEEKS, null)])
  const lines = summaryLines({
    currency: o.baseCurrency,
    openArMinor: o.openArMinor,
    dsoDays: o.dsoDays,
    cashCollected30dMinor: o.cashCollected30dMinor,
    forecastMinor: f.weeks.reduce((s, w) => s + w.expectedMinor, 0),
    forecastWeeks: f.weeks.length,
    atRiskShare: f.atRiskShare,
    backtestMape: f.backtest.mape,
    promiseAdherence: o.promiseAdherence,
  })
  const transport = emailTransport(env, db)
  const sent: string[] = []
  for (const m of to) {
    const unsubscribe = `${env.APP_URL}/u/${await unsubscribeToken(env, orgId, m.email)}`
    const mail = linkEmail({
      subject: `${org.name}: your weekly cash summary (${week})`,
      greeting: "Good morning,",
      lines: [`The headline figures of ${org.name} this Monday, in ${o.baseCurrency}:`, ...lines],
      buttonLabel: "Open the CFO console",
      url: `${env.APP_URL}/admin/overview`,
      footer: `You receive this every Monday at 07:00 as a CFO of ${org.name}. Unsubscribe: ${unsubscribe}`,
    })
    const r = await transport.send({
      to: m.email,
      ...mail,
      orgId,
      idempotencyKey: `cfo_summary_${orgId}_${week}_${m.userId}`,
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    })
    if (r.ok) sent.push(m.email)
  }
  await db.batch([
    auditInsert(
      db,
      orgId,
      systemActor,
      { action: "cfo_summary.sent", subjectType: "organisation", subjectId: orgId, after: { week, recipients: sent.length } },
      now,
    ),
  ])
  return sent
}
