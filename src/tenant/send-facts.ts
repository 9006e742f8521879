// Builds the send rule's facts from what the tick, approvals, compose and delivery loaded: one mapping for all of them.
import type { InvoiceFactRow, OutreachFactRow } from "../db/send-facts"
import { isPublicHoliday } from "../domain/holidays"
import { defaultTouchesPerContactWeek } from "../domain/send-caps"
import type { Purpose, SendFacts } from "../domain/send-rule"
import { dayIn, defaultQuietHours, validTimeZone } from "../domain/send-window"
import type { BudgetBook, Limits } from "./ledger"
import type { SegmentPlan, TickContext } from "./tick-context"

/** The payer's zone: the contact's, else the customer's, else the organisation's. */
export function payerZone(contactTz: string | null, customerTz: string | null, orgTz: string): string {
  return validTimeZone(contactTz) ?? validTimeZone(customerTz) ?? validTimeZone(orgTz) ?? "UTC"
}

export function limitsFor(ctx: TickContext, seg: SegmentPlan | null): Limits {
  return {
    orgDay: ctx.orgDayCap,
    segmentDay: () => seg?.sendCapPerDay ?? null,
    contactWeek: seg?.touchesPerContactWeek ?? defaultTouchesPerContactWeek,
    domainDay: ctx.domainDayCap,
  }
}

/** Which checks apply to an outreach of this kind (domain/send-rule.ts `Purpose`). */
export function purposeOf(kind: string): Purpose {
  if (kind === "reminder") return "cadence"
  if (kind === "manual" || kind === "nudge") return "manual"
  return "notification"
}

type Common = {
  override?: boolean
  random?: number
  budget?: { ledger: BudgetBook; contact: string } /** A person is approving it now. */
  byPerson?: boolean
}

function base(
  ctx: TickContext,
  seg: SegmentPlan | null,
  purpose: Purpose,
  country: string | null,
  tz: string,
  c: Common,
): Pick<SendFacts, "org" | "segment" | "timeZone" | "calendar" | "budgetOn" | "random" | "override"> {
  const holidays = country ?? ctx.org.country
  return {
    org: {
      maintenance: ctx.org.maintenance,
      globalMaintenance: ctx.globalMaintenance,
      autopilotPaused: ctx.org.autopilotPaused,
      pausedReason: ctx.org.autopilotPausedReason,
    },
    segment:
      seg && purpose === "cadence"
        ? { name: seg.name, status: seg.status, mode: seg.mode, hasCadence: !!seg.versionId && seg.steps.length > 0 }
        : null,
    timeZone: tz,
    calendar:
      purpose === "notification"
        ? undefined
        : {
            quietHours: seg?.quietHours ?? defaultQuietHours,
            businessDaysOnly: seg?.businessDaysOnly ?? true,
            isHoliday: (d: string) => isPublicHoliday(holidays, d),
          },
    // Budgets count by the organisation's calendar day, whoever the payer is.
    budgetOn: c.budget
      ? (at: Date) => c.budget!.ledger.budget(dayIn(at, ctx.org.timeZone), seg?.id ?? null, c.budget!.contact, limitsFor(ctx, seg))
      : undefined,
    random: c.random,
    override: c.override,
  }
}

const planOf = (active: number | boolean, next: string | null) => (active ? { nextDue: next ? next.split("|")[0]! : null } : null)

/** Facts of a stored outreach (approve, bulk approve, delivery). */
export function outreachSendFacts(ctx: TickContext, row: OutreachFactRow, c: Common = {}): SendFacts {
  const purpose = purposeOf(row.o.kind)
  const seg = row.o.segmentId ? (ctx.segments.get(row.o.segmentId) ?? null) : null
  return {
    purpose,
    automatic: purpose === "cadence" && !c.byPerson && !row.o.approvedBy,
    invoice: row.invoiceFound ? { status: row.invoiceStatus!, balanceMinor: row.balanceMinor!, disputed: !!row.disputed } : null,
    promisedDate: row.promisedDate,
    plan: planOf(row.planActive ?? 0, row.planNext),
    contactEmail: row.o.toEmail,
    suppression: row.suppression,
    needsOpenInvoice: row.o.kind === "promise_reminder",
    ...base(ctx, seg, purpose, row.customerCountry, payerZone(row.contactTz, row.customerTz, ctx.org.timeZone), c),
  }
}

/** Facts of an invoice before anything is written (compose, the inspector). */
export function invoiceSendFacts(
  ctx: TickContext,
  row: InvoiceFactRow,
  purpose: Purpose,
  seg: SegmentPlan | null,
  c: Common = {},
): SendFacts {
  return {
    purpose,
    automatic: false,
    invoice: { status: row.invoiceStatus, balanceMinor: row.balanceMinor, disputed: !!row.disputed },
    promisedDate: row.promisedDate,
    plan: planOf(row.planActive, row.planNext),
    contactEmail: row.contactEmail,
    suppression: row.suppression,
    ...base(ctx, seg, purpose, row.customerCountry, payerZone(row.contactTz, row.customerTz, ctx.org.timeZone), c),
  }
}

/** Facts of an invoice as one page of the tick loaded it. */
export function tickRowSendFacts(
  ctx: TickContext,
  seg: SegmentPlan,
  row: {
    balanceMinor: number
    disputed: boolean | number
    promisedDate: string | null
    planActive: number | boolean
    planNext: string | null
    contactEmail: string | null
    suppression: SendFacts["suppression"]
    customerCountry: string | null
    contactTz: string | null
    customerTz: string | null
  },
  c: Common = {},
): SendFacts {
  return {
    purpose: "cadence",
    automatic: seg.mode === "autopilot",
    invoice: { status: "open", balanceMinor: row.balanceMinor, disputed: !!row.disputed },
    promisedDate: row.promisedDate,
    plan: planOf(row.planActive, row.planNext),
    contactEmail: row.contactEmail,
    suppression: row.suppression,
    ...base(ctx, seg, "cadence", row.customerCountry, payerZone(row.contactTz, row.customerTz, ctx.org.timeZone), c),
  }
}
