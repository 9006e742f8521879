// A payment as an ERP reports it, in Plixo's terms, and the Stripe ids it may carry: Stripe-to-ERP sync apps write the
// PaymentIntent or charge id into the payment's reference or memo, which is how one payment keeps one identity.

export type ErpPayment = {
  /** `quickbooks:120`, `netsuite:5531`: stable across syncs. */
  erpPaymentId: string
  customerExternalId: string
  /** The ERP id of the (first) invoice it pays, as stored on invoices.erp_ref. */
  invoiceErpRef: string | null
  amountMinor: number
  currency: string
  receivedOn: string
  reference: string | null
  method: string
  payerName: string | null
}

/** `pi_...`, `ch_...` or `py_...` found in the reference, else null. */
export function stripeIdIn(reference: string | null): string | null {
  return reference?.match(/\b(?:pi|ch|py)_[A-Za-z0-9]{8,}\b/)?.[0] ?? null
}
