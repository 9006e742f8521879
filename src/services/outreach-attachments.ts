// What goes with an outreach email: the customer's latest statement PDF when the cadence step asks for it. Called by
// delivery at send time, so the statement shows the balances and payments of that moment.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { cadenceSteps } from "../db/schema"
import type { EmailAttachment } from "../integrations/email"
import { statementFilename, statementPdf } from "./statements"

type OutreachRef = { orgId: string; customerId: string; cadenceVersionId: string | null; stepPosition: number | null }

export async function attachmentsFor(db: Db, row: OutreachRef, payUrl: string, now = new Date()): Promise<EmailAttachment[]> {
  if (!row.cadenceVersionId || row.stepPosition === null) return []
  const [step] = await db
    .select({ attach: cadenceSteps.attachStatement })
    .from(cadenceSteps)
    .where(
      and(eq(cadenceSteps.orgId, row.orgId), eq(cadenceSteps.versionId, row.cadenceVersionId), eq(cadenceSteps.position, row.stepPosition)),
    )
    .limit(1)
  if (!step?.attach) return []
  const pdf = await statementPdf(db, row.orgId, row.customerId, payUrl, now)
  return pdf ? [{ filename: statementFilename(now.toISOString().slice(0, 10)), contentType: "application/pdf", content: pdf }] : []
}
