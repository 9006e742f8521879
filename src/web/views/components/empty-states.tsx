// The empty states a new organisation meets on several pages, said once: what the page will show and what to do
// next (import, connect a source, create a cadence), with the action only for roles that may take it.
import { can, type Role } from "../../../domain/roles"
import { EmptyState } from "./ui"

/** No invoice at all yet: the ways to get them in. */
export function NoInvoicesYet({ role, what }: { role: Role; what: string }) {
  return (
    <EmptyState
      title="No invoices yet"
      action={
        can(role, "connectors") ? (
          <>
            <a class="btn btn-primary" href="/admin/connectors/import">
              Import a CSV
            </a>{" "}
            <a class="btn" href="/admin/connectors">
              Connect Stripe, QuickBooks or NetSuite
            </a>
          </>
        ) : undefined
      }
    >
      {what}{" "}
      {can(role, "connectors")
        ? "Import customers and open invoices from your ERP's CSV export, or connect a source that keeps them in sync."
        : "Your Controller imports them or connects Stripe or the ERP under Admin → Connectors."}
    </EmptyState>
  )
}

/** No payment recorded yet: where payments come from. */
export function NoPaymentsYet({ role, what }: { role: Role; what: string }) {
  return (
    <EmptyState
      title="No payments yet"
      action={
        can(role, "connectors") ? (
          <a class="btn btn-primary" href="/admin/connectors">
            Connect Stripe or your ERP
          </a>
        ) : undefined
      }
    >
      {what} Payments arrive from Stripe, from QuickBooks or NetSuite, or from a payments CSV import.
    </EmptyState>
  )
}
