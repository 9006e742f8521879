// Admin -> API keys (Controller only): create (the secret is shown once, on the answer to the POST), list, revoke.
import { Hono } from "hono"
import { apiKeysOfOrg } from "../../../db/people"
import { isRole } from "../../../domain/roles"
import { createApiKey, revokeApiKey } from "../../../services/api-keys"
import { notFound } from "../../errors"
import type { AppContext, AppEnv } from "../../env"
import { formString } from "../../session-cookie"
import { ApiKeysPage, type KeyForm } from "../../views/pages/api-keys"

async function renderKeys(
  c: AppContext,
  status: 200 | 201 | 400,
  extra: { created?: { name: string; secret: string }; notice?: string | null; form?: KeyForm } = {},
) {
  const keys = await apiKeysOfOrg(c.var.db, c.var.member.orgId)
  return c.html(`<!doctype html>${<ApiKeysPage member={c.var.member} keys={keys} now={new Date()} {...extra} />}`, status)
}

export const adminApiKeyRoutes = new Hono<AppEnv>()
  .get("/admin/api-keys", (c) =>
    renderKeys(c, 200, { notice: c.req.query("done") === "revoked" ? "Key revoked. Requests with it are refused from now on." : null }),
  )
  .post("/admin/api-keys", async (c) => {
    const name = (await formString(c, "name")).replace(/\s+/g, " ")
    const role = await formString(c, "role")
    if (name.length < 2 || name.length > 80)
      return renderKeys(c, 400, {
        form: { name, role: isRole(role) ? role : "cfo", error: "Name the key (2 to 80 characters) after what uses it." },
      })
    if (!isRole(role)) return renderKeys(c, 400, { form: { name, role: "cfo", error: "Choose one of the roles in the list." } })
    const key = await createApiKey(c.var.db, c.var.actor, { orgId: c.var.member.orgId, name, role, now: new Date() })
    return renderKeys(c, 201, { created: { name, secret: key.secret } })
  })
  .post("/admin/api-keys/:id/revoke", async (c) => {
    const revoked = await revokeApiKey(c.var.db, c.var.actor, c.var.member.orgId, c.req.param("id"), new Date())
    if (!revoked) throw notFound("API key")
    return c.redirect("/admin/api-keys?done=revoked", 303)
  })
