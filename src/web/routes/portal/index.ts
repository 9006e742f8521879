// The payer portal under /p: pages first (their middleware covers the forms), then the forms.
import { Hono } from "hono"
import type { PortalEnv } from "../../middleware/portal"
import { portalActions } from "./actions"
import { portalPages } from "./pages"

export const portalRoutes = new Hono<PortalEnv>().route("/", portalPages).route("/", portalActions)
