// Organisation settings payers see (display name, sender name, reply-to, brand colour, logo) and the sender identity they make.
import { z } from "zod"
import { looksLikeEmail } from "./email-domains"
import { defaultSenderName, escapeHtml } from "./merge-tags"

export const catchUpStarts = ["first_past_due", "by_age", "final_only"] as const
export type CatchUpStart = (typeof catchUpStarts)[number]

export const catchUpStartLabels: Record<CatchUpStart, string> = {
  first_past_due: "Start at the first past-due step (never Day 0 or a final notice)",
  by_age: "Start at the step that matches the invoice's age (never a final notice)",
  final_only: "Start at the step that matches the invoice's age, final notice included",
}

/** The brand colour when the organisation has set none (the app's own accent). */
export const defaultBrandColour = "#1d4ed8"

// A line break in a name would become a header of its own in the From line (header injection).
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s)
/** "" clears a setting (a form's empty field); null clears it too. */
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v)
const name = (max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .min(2, "must be at least 2 characters")
      .max(max, `must be at most ${max} characters`)
      .refine(noControl, "must not contain line breaks or control characters")
      .refine((s) => !/[<>"]/.test(s), 'must not contain < > or "')
      .nullable()
      .optional(),
  )

export const settingsPatchSchema = z
  .object({
    display_name: name(120),
    sender_name: name(80),
    reply_to: z.preprocess(
      blankToNull,
      z
        .string()
        .trim()
        .max(254, "must be at most 254 characters")
        .refine(looksLikeEmail, "must be an email address such as ar@example.com")
        .transform((s) => s.toLowerCase())
        .nullable()
        .optional(),
    ),
    brand_colour: z.preprocess(
      blankToNull,
      z
        .string()
        .trim()
        .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour written #RRGGBB, such as #1d4ed8")
        .transform((s) => s.toLowerCase())
        .nullable()
        .optional(),
    ),
    logo_url: z.preprocess(
      blankToNull,
      z
        .string()
        .trim()
        .max(500, "must be at most 500 characters")
        .refine(isHttpsUrl, "must be an https:// address of an image")
        .nullable()
        .optional(),
    ),
    catch_up_start: z.enum(catchUpStarts).optional(),
  })
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return u.protocol === "https:" && !!u.hostname && noControl(s)
  } catch {
    return false
  }
}

export type OrgSettings = {
  name: string
  displayName: string | null
  senderName: string | null
  replyTo: string | null
  brandColour: string | null
  logoUrl: string | null
  catchUpStart: CatchUpStart
}

/** A sending domain as far as the From line cares. */
export type DomainStatus = { domain: string; spfVerified: boolean; dkimVerified: boolean }

export type SenderIdentity = {
  /** The From header: `"Display" <local@domain>`. */
  from: string
  /** The domain the From address uses: the organisation's own once verified, else the shared one. */
  domain: string
  ownDomain: boolean
  /** What `{org_name}` says, the portal header and the statement show. */
  orgName: string
  /** What `{sender_name}` says in a signature. */
  senderName: string
  replyTo: string | null
  brandColour: string
  logoUrl: string | null
}

/** The organisation's name as payers see it. */
export function payerFacingName(org: Pick<OrgSettings, "name" | "displayName">): string {
  return org.displayName?.trim() || org.name
}

/** A display name quoted for a From header (RFC 5322 quoted-string). */
export function mailbox(display: string, address: string): string {
  return `"${display.replace(/["\\]/g, "\\$&")}" <${address}>`
}

/**
 * Who a payer email is from. The address is on the organisation's own sending domain once SPF and DKIM verify (so
 * DMARC aligns), else on the deployment's shared domain; the display name is always the organisation's, never "Plixo".
 */
export function senderIdentity(org: OrgSettings, domains: DomainStatus[], platformFrom: string): SenderIdentity {
  const platform = /<([^>]+)>/.exec(platformFrom)?.[1] ?? platformFrom.trim()
  const [local, platformDomain] = platform.split("@") as [string, string | undefined]
  const own = domains.find((d) => d.spfVerified && d.dkimVerified)
  const orgName = payerFacingName(org)
  const sender = org.senderName?.trim() || null
  const display = sender && sender.toLowerCase() !== orgName.toLowerCase() ? `${sender}, ${orgName}` : orgName
  const domain = own?.domain ?? platformDomain ?? "plixo.dev"
  return {
    from: mailbox(display, `${local || "reminders"}@${domain}`),
    domain,
    ownDomain: !!own,
    orgName,
    senderName: sender ?? defaultSenderName,
    replyTo: org.replyTo,
    brandColour: org.brandColour ?? defaultBrandColour,
    logoUrl: org.logoUrl,
  }
}

/** The Reply-To header: the tagged inbound address (records the reply) and the organisation's own mailbox. */
export function replyToHeader(taggedAddress: string, orgReplyTo: string | null): string {
  return orgReplyTo && orgReplyTo !== taggedAddress ? `${taggedAddress}, ${orgReplyTo}` : taggedAddress
}

/** An email's HTML inside the organisation's frame: a band in its colour, its logo or name, then the message. */
export function brandedHtml(identity: Pick<SenderIdentity, "brandColour" | "logoUrl" | "orgName">, inner: string): string {
  const head = identity.logoUrl
    ? `<img src="${escapeHtml(identity.logoUrl)}" alt="${escapeHtml(identity.orgName)}" height="40" style="height:40px">`
    : `<strong style="color:${identity.brandColour};font-size:18px">${escapeHtml(identity.orgName)}</strong>`
  return `<div style="border-top:4px solid ${identity.brandColour};padding-top:12px;font-family:system-ui,sans-serif">\n<div style="margin-bottom:16px">${head}</div>\n${inner}\n</div>`
}
