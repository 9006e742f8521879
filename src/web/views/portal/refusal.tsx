// The portal's refusal page (401, 403, 410, 413, 429): friendly, generic, and never naming a customer.
import { PortalShell } from "./layout"

export function renderPortalRefusal(status: number, title: string, message: string): string {
  return (
    "<!doctype html>" +
    (
      <PortalShell title={title} org={null}>
        <section class="card p-card" role="alert">
          <h1>{title}</h1>
          <p>{message}</p>
          {status === 410 && (
            <p class="muted small">
              If you still need to pay or have a question, reply to the email you received and we will send a new link.
            </p>
          )}
        </section>
      </PortalShell>
    ).toString()
  )
}
