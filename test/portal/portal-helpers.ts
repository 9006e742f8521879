// Portal test helpers: make a link, open it like a browser (cookie jar of one), read forms' hidden fields.
import { env } from "cloudflare:workers"
import { portalLinkFor } from "../../src/services/portal-links"
import { call, db } from "../helpers"

let ip = 0

export async function makeLink(orgId: string, customerId: string, expiresInDays = 30) {
  const link = await portalLinkFor(env, db(), { orgId, customerId, createdBy: null, expiresInDays })
  await link.statement.run()
  return { id: link.id, url: link.url, token: link.url.split("/p/")[1] }
}

/** A payer's browser: its own IP (so rate limits do not collide across tests) and its cookies. */
export class Payer {
  cookies = new Map<string, string>()
  readonly ip = `10.0.${Math.floor(++ip / 250)}.${ip % 250}`

  private headers(extra: Record<string, string> = {}) {
    const h = new Headers(extra)
    h.set("CF-Connecting-IP", this.ip)
    if (this.cookies.size) h.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "))
    return h
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";")
      const i = pair.indexOf("=")
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1))
    }
    return res
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.keep(await call(path, { headers: this.headers(headers) }))
  }

  async post(path: string, body: URLSearchParams | FormData, headers: Record<string, string> = {}) {
    return this.keep(await call(path, { method: "POST", body, headers: this.headers(headers) }))
  }

  /** Opens the link: the exchange answer (a redirect when the link is good). */
  async open(url: string) {
    return this.get(new URL(url).pathname + new URL(url).search)
  }

  /** The hidden `_csrf` and a fresh `_form` token from a page. */
  async formTokens(path: string) {
    const html = await (await this.get(path)).text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ""
    const form = /name="_form" value="([^"]+)"/.exec(html)?.[1] ?? ""
    return { csrf, form, html }
  }
}
