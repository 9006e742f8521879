// Reads of the payer portal: everything one page shows in ONE batch (one D1 round trip), scoped to the
// session's organisation and customer. Pass a D1 Sessions API client so a replica can answer.
import { and, asc, desc, eq, gt, inArray, ne } from "drizzle-orm"
import { defaultBrandColour, payerFacingName } from "../domain/org-settings"
import type { Db } from "./client"
import {
  customers,
  disputeEvidence,
  disputes,
  invoices,
  organisations,
  paymentPlanInstalments,
  paymentPlans,
  portalLinks,
  promises,
} from "./schema"

export type PortalScope = { linkId: string; orgId: string; customerId: string }

/**
 * Link, organisation, customer, open invoices, promises, plans and disputes of the payer, plus the plan
 * instalments and evidence of `invoiceId` on its detail page: one round trip.
 */
export async function portalPageData(db: Db, s: PortalScope, invoiceId = "") {
  const [link, org, customer, open, openPromises, plans, recentDisputes, instalments, evidence] = await db.batch([
    db
      .select({ id: portalLinks.id, revokedAt: portalLinks.revokedAt, expiresAt: portalLinks.expiresAt })
      .from(portalLinks)
      .where(and(eq(portalLinks.orgId, s.orgId), eq(portalLinks.id, s.linkId), eq(portalLinks.customerId, s.customerId))),
    db
      .select({
        name: organisations.name,
        displayName: organisations.displayName,
        logoUrl: organisations.logoUrl,
        brandColour: organisations.brandColour,
        timeZone: organisations.timeZone,
      })
      .from(organisations)
      .where(eq(organisations.id, s.orgId)),
    db
      .select({ name: customers.name, locale: customers.locale })
      .from(customers)
      .where(and(eq(customers.orgId, s.orgId), eq(customers.id, s.customerId))),
    db
      .select({
        id: invoices.id,
        number: invoices.invoiceNumber,
        currency: invoices.currency,
        amountMinor: invoices.amountMinor,
        balanceMinor: invoices.balanceMinor,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        disputed: invoices.disputed,
      })
      .from(invoices)
      .where(
        and(eq(invoices.orgId, s.orgId), eq(invoices.customerId, s.customerId), eq(invoices.status, "open"), gt(invoices.balanceMinor, 0)),
      )
      .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber))
      .limit(200),
    db
      .select({
        id: promises.id,
        invoiceId: promises.invoiceId,
        amountMinor: promises.amountMinor,
        currency: promises.currency,
        promisedDate: promises.promisedDate,
      })
      .from(promises)
      .where(and(eq(promises.orgId, s.orgId), eq(promises.customerId, s.customerId), eq(promises.status, "open"))),
    db
      .select({
        id: paymentPlans.id,
        invoiceId: paymentPlans.invoiceId,
        status: paymentPlans.status,
        count: paymentPlans.instalmentCount,
        frequency: paymentPlans.frequency,
        firstDate: paymentPlans.firstDate,
      })
      .from(paymentPlans)
      .where(
        and(
          eq(paymentPlans.orgId, s.orgId),
          eq(paymentPlans.customerId, s.customerId),
          inArray(paymentPlans.status, ["pending_approval", "active"]),
        ),
      ),
    db
      .select({
        id: disputes.id,
        invoiceId: disputes.invoiceId,
        reason: disputes.reason,
        status: disputes.status,
        createdAt: disputes.createdAt,
        slaDueAt: disputes.slaDueAt,
      })
      .from(disputes)
      .where(and(eq(disputes.orgId, s.orgId), eq(disputes.customerId, s.customerId)))
      .orderBy(desc(disputes.createdAt))
      .limit(50),
    db
      .select({
        planId: paymentPlanInstalments.planId,
        seq: paymentPlanInstalments.seq,
        dueDate: paymentPlanInstalments.dueDate,
        amountMinor: paymentPlanInstalments.amountMinor,
        paidMinor: paymentPlanInstalments.paidMinor,
      })
      .from(paymentPlanInstalments)
      .innerJoin(
        paymentPlans,
        and(eq(paymentPlans.orgId, paymentPlanInstalments.orgId), eq(paymentPlans.id, paymentPlanInstalments.planId)),
      )
      .where(
        and(
          eq(paymentPlanInstalments.orgId, s.orgId),
          eq(paymentPlans.customerId, s.customerId),
          eq(paymentPlans.invoiceId, invoiceId),
          ne(paymentPlans.status, "rejected"),
        ),
      )
      .orderBy(asc(paymentPlanInstalments.seq)),
    db
      .select({ disputeId: disputeEvidence.disputeId, filename: disputeEvidence.filename })
      .from(disputeEvidence)
      .innerJoin(disputes, and(eq(disputes.orgId, disputeEvidence.orgId), eq(disputes.id, disputeEvidence.disputeId)))
      .where(and(eq(disputeEvidence.orgId, s.orgId), eq(disputes.customerId, s.customerId), eq(disputes.invoiceId, invoiceId))),
  ])
  const live = link[0] && !link[0].revokedAt && org[0] && customer[0]
  return {
    linkState: !link[0]
      ? ("missing" as const)
      : link[0].revokedAt || Date.parse(link[0].expiresAt) <= Date.now()
        ? ("gone" as const)
        : ("live" as const),
    org: org[0]
      ? {
          name: payerFacingName(org[0]),
          logoUrl: org[0].logoUrl,
          brandColour: org[0].brandColour ?? defaultBrandColour,
          timeZone: org[0].timeZone,
        }
      : null,
    customer: customer[0] ?? null,
    invoices: live ? open : [],
    promises: live ? openPromises : [],
    plans: live ? plans : [],
    disputes: live ? recentDisputes : [],
    instalments: live ? instalments : [],
    evidence: live ? evidence : [],
  }
}
export type PortalPageData = Awaited<ReturnType<typeof portalPageData>>
