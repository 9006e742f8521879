// Work email vs personal mailbox: invitations and sign-ups to a consumer mail domain get a warning.

/** Consumer mailbox providers: an address here is a person's private inbox, not their employer's. */
export const personalMailDomains: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "live.com",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.com",
  "zoho.com",
  "yandex.com",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "163.com",
  "126.com",
  "fastmail.com",
  "hey.com",
  "tutanota.com",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
  "t-online.de",
  "comcast.net",
  "verizon.net",
  "att.net",
])

/** Lower-cased, trimmed address: the one form stored and compared. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function emailDomain(email: string): string {
  const at = email.lastIndexOf("@")
  return at < 0 ? "" : normaliseEmail(email.slice(at + 1))
}

/** True for gmail.com, outlook.com, proton.me, ...: warn before inviting or signing up with it. */
export function isPersonalEmail(email: string): boolean {
  return personalMailDomains.has(emailDomain(email))
}

/** A plausible single address (the link we mail proves it is real). */
export function looksLikeEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[a-z]{2,}$/i.test(email.trim())
}
