// The account emails Plixo sends (sign-in link, sign-up confirmation, invitation): plain text plus simple HTML.

import { escapeHtml } from "../domain/merge-tags"

type LinkEmail = { subject: string; greeting: string; lines: string[]; buttonLabel: string; url: string; footer: string }

/** One call-to-action email. Every value is escaped in the HTML part. */
export function linkEmail(m: LinkEmail): { subject: string; text: string; html: string } {
  const text = [m.greeting, "", ...m.lines, "", `${m.buttonLabel}: ${m.url}`, "", m.footer, "", "Plixo"].join("\n")
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b2333;line-height:1.5;max-width:520px;margin:0 auto;padding:24px">
<p>${escapeHtml(m.greeting)}</p>
${m.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
<p style="margin:28px 0"><a href="${escapeHtml(m.url)}" style="background:#3b4fd8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(m.buttonLabel)}</a></p>
<p style="color:#5b6578;font-size:13px">Or paste this link into your browser: ${escapeHtml(m.url)}</p>
<p style="color:#5b6578;font-size:13px">${escapeHtml(m.footer)}</p>
</body></html>`
  return { subject: m.subject, text, html }
}

export function signInEmail(url: string) {
  return linkEmail({
    subject: "Your Plixo sign-in link",
    greeting: "Hello,",
    lines: ["Use the button below to sign in to Plixo. The link works once and expires in 15 minutes."],
    buttonLabel: "Sign in to Plixo",
    url,
    footer: "If you did not ask to sign in, ignore this email: nothing happens without the link.",
  })
}

export function signUpEmail(url: string, orgName: string, name: string) {
  return linkEmail({
    subject: `Confirm your Plixo account for ${orgName}`,
    greeting: `Hello ${name},`,
    lines: [
      `Confirm your email to create the Plixo workspace for ${orgName}. You will be its first Controller.`,
      "The link works once and expires in 15 minutes.",
    ],
    buttonLabel: "Create my workspace",
    url,
    footer: "If you did not sign up for Plixo, ignore this email and no account is created.",
  })
}

export function invitationEmail(url: string, orgName: string, inviter: string, roleLabel: string) {
  return linkEmail({
    subject: `${inviter} invited you to ${orgName} on Plixo`,
    greeting: "Hello,",
    lines: [
      `${inviter} invited you to join ${orgName} on Plixo as ${roleLabel}.`,
      "Plixo helps finance teams get invoices paid sooner. The invitation expires in 7 days.",
    ],
    buttonLabel: "Accept the invitation",
    url,
    footer: "If you were not expecting this, ignore the email: nothing happens unless you accept.",
  })
}
