// A friendly full-page refusal (404, 403, 500, 410) in the bare layout.
import { BareLayout } from "./layout"

export function renderErrorPage(status: number, title: string, message: string): string {
  return (
    "<!doctype html>" +
    (
      <BareLayout title={title}>
        <div class="card narrow">
          <p class="muted">Error {status}</p>
          <h1>{title}</h1>
          <p>{message}</p>
          <p>
            <a href="/">Back to Plixo</a>
          </p>
        </div>
      </BareLayout>
    ).toString()
  )
}
