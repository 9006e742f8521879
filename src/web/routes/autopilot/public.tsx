// Public endpoints of the outreach engine: the signed email-provider webhook and one-click unsubscribe (RFC 8058).
import { notifyCadence } from "../../../tenant/notify"
import { Hono } from "hono"
import { receiveEmailWebhook } from "../../../services/email-webhook"
import { readUnsubscribeToken, unsubscribe } from "../../../services/unsubscribe"
import type { AppEnv } from "../../env"
import { BareLayout } from "../../views/layout"

function UnsubscribePage({ email, done, token }: { email: string; done: boolean; token: string }) {
  return (
    <BareLayout title="Email preferences">
      <div class="card">
        {done ? (
          <>
            <h1>You are unsubscribed</h1>
            <p>
              We will not send payment reminders to {email} again. If this was a mistake, reply to any earlier reminder and we will restore
              them.
            </p>
          </>
        ) : (
          <>
            <h1>Stop payment reminders?</h1>
            <p>Reminders about open invoices will no longer be emailed to {email}.</p>
            <form method="post" action={`/u/${token}`}>
              <button class="btn btn-primary" type="submit">
                Unsubscribe {email}
              </button>
            </form>
          </>
        )}
      </div>
    </BareLayout>
  )
}

export const autopilotPublicRoutes = new Hono<AppEnv>()
  .post("/webhooks/email", async (c) => {
    const raw = await c.req.text()
    const result = await receiveEmailWebhook(c.var.db, c.env, raw, c.req.header("X-Plixo-Signature"))
    return c.json(result.body, result.status)
  })
  // GET only asks: mail scanners follow links, and a click must not unsubscribe by itself.
  .get("/u/:token", async (c) => {
    const token = c.req.param("token")
    const target = await readUnsubscribeToken(c.env, token)
    if (!target)
      return c.html(
        <BareLayout title="Link not valid">
          <div class="card">
            <h1>This link is not valid</h1>
            <p>Use the unsubscribe link of a recent reminder.</p>
          </div>
        </BareLayout>,
        404,
      )
    return c.html(<UnsubscribePage email={target.email} done={false} token={token} />)
  })
  // One-click: mail clients POST "List-Unsubscribe=One-Click" here; the signed token is the authorisation.
  .post("/u/:token", async (c) => {
    const token = c.req.param("token")
    const target = await readUnsubscribeToken(c.env, token)
    if (!target) return c.text("Not a valid unsubscribe link", 404)
    await unsubscribe(c.var.db, target.orgId, target.email)
    await notifyCadence(c.env, target.orgId, { all: true })
    if ((c.req.header("Content-Type") ?? "").includes("form") && (await c.req.text()).includes("List-Unsubscribe=One-Click"))
      return c.text("Unsubscribed", 200)
    return c.html(<UnsubscribePage email={target.email} done token={token} />)
  })
