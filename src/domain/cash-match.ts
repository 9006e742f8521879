// Cash App Assist: ranks the open invoices a payment that names none could be for, by amount, customer and reference.

export type UnappliedPayment = {
  id: string
  customerId: string | null
  unappliedMinor: number
  currency: string
  reference: string | null
  payerName: string | null
}
export type OpenInvoice = {
  id: string
  invoiceNumber: string
  customerId: string
  customerName: string
  balanceMinor: number
  currency: string
  dueDate: string
}
export type Suggestion = { invoice: OpenInvoice; score: number; reasons: string[]; amountMinor: number }

/** Words of a remittance reference that could be invoice numbers: anything with a digit (`INV-1001`, `#1001`). */
export function referenceTokens(reference: string | null): string[] {
  if (!reference) return []
  return [
    ...new Set(
      reference
        .split(/[\s,;:/|()]+/)
        .map((t) => t.replace(/^#/, "").replace(/[.]+$/, "").toUpperCase())
        .filter((t) => /\d/.test(t) && t.length >= 3),
    ),
  ].slice(0, 20)
}

const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2 && !["inc", "ltd", "llc", "the", "corp", "gmbh", "co"].includes(w)),
  )

function nameSimilar(a: string | null, b: string): boolean {
  if (!a) return false
  const wa = words(a)
  return [...words(b)].some((w) => wa.has(w))
}

/** Scores 0-100: reference names the invoice (45), exact balance (35) or a partial payment (10), same customer (20) or payer name (12). */
export function rankMatches(payment: UnappliedPayment, candidates: OpenInvoice[], limit = 3): Suggestion[] {
  const tokens = new Set(referenceTokens(payment.reference))
  const out: Suggestion[] = []
  for (const inv of candidates) {
    if (inv.currency !== payment.currency || inv.balanceMinor <= 0) continue
    const reasons: string[] = []
    let score = 0
    const num = inv.invoiceNumber.toUpperCase()
    if (tokens.has(num)) {
      score += 45
      reasons.push(`reference names ${inv.invoiceNumber}`)
    } else if ([...tokens].some((t) => t.length >= 4 && num.endsWith(t.replace(/\D/g, "")) && t.replace(/\D/g, "").length >= 4)) {
      score += 20
      reasons.push(`reference contains ${inv.invoiceNumber}'s number`)
    }
    if (inv.balanceMinor === payment.unappliedMinor) {
      score += 35
      reasons.push("amount equals the open balance")
    } else if (payment.unappliedMinor < inv.balanceMinor) {
      score += 10
      reasons.push("partial payment of the balance")
    }
    if (payment.customerId && payment.customerId === inv.customerId) {
      score += 20
      reasons.push("same customer")
    } else if (nameSimilar(payment.payerName, inv.customerName)) {
      score += 12
      reasons.push(`payer name resembles ${inv.customerName}`)
    }
    if (score >= 20)
      out.push({ invoice: inv, score: Math.min(100, score), reasons, amountMinor: Math.min(payment.unappliedMinor, inv.balanceMinor) })
  }
  return out.sort((a, b) => b.score - a.score || a.invoice.dueDate.localeCompare(b.invoice.dueDate)).slice(0, limit)
}
