// How a payment method code (Stripe's, an ERP's, a CSV's) reads to a payer or a finance user: "sepa_debit" is
// "SEPA Direct Debit", not an identifier. Unknown codes read as words.
const labels: Record<string, string> = {
  ach: "ACH",
  ach_debit: "ACH debit",
  ach_credit_transfer: "ACH credit transfer",
  us_bank_account: "US bank account",
  sepa_debit: "SEPA Direct Debit",
  sepa_credit_transfer: "SEPA credit transfer",
  bacs_debit: "Bacs Direct Debit",
  card: "Card",
  wire: "Wire",
  check: "Check",
  cheque: "Cheque",
  eft: "EFT",
  manual: "Manual",
}

export function paymentMethodLabel(code: string | null | undefined): string {
  if (!code) return ""
  const known = labels[code.toLowerCase()]
  if (known) return known
  const s = code.replace(/_/g, " ")
  return s.charAt(0).toUpperCase() + s.slice(1)
}
