// The auth area's routes in one sub-app: sign-in/up, invitations, account sessions, users & roles, API keys, dev mail.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { accountRoutes } from "./account"
import { adminApiKeyRoutes } from "./admin/api-keys"
import { adminUserRoutes } from "./admin/users"
import { authRoutes } from "./auth"
import { devRoutes } from "./dev"
import { invitationRoutes } from "./invitations"

export const peopleRoutes = new Hono<AppEnv>()
  .route("/", authRoutes)
  .route("/", invitationRoutes)
  .route("/", accountRoutes)
  .route("/", adminUserRoutes)
  .route("/", adminApiKeyRoutes)
  .route("/", devRoutes)
