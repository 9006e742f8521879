// Sender reputation guardrails: bounce and complaint rates over a rolling 7 days pause Autopilot.

export const bounceRateLimit = 0.02
export const complaintRateLimit = 0.003
/** Below this many sends the rates say nothing yet. */
export const minSendsForRates = 50

export type Rates = { sent: number; bounces: number; complaints: number; bounceRate: number; complaintRate: number }

export function rates(sent: number, bounces: number, complaints: number): Rates {
  return { sent, bounces, complaints, bounceRate: sent ? bounces / sent : 0, complaintRate: sent ? complaints / sent : 0 }
}

/** Why Autopilot must pause, or null. */
export function reputationBreach(r: Rates): string | null {
  if (r.sent < minSendsForRates) return null
  if (r.bounceRate > bounceRateLimit) return `bounce rate ${(r.bounceRate * 100).toFixed(1)}% over the last 7 days exceeds 2%`
  if (r.complaintRate > complaintRateLimit) return `complaint rate ${(r.complaintRate * 100).toFixed(2)}% over the last 7 days exceeds 0.3%`
  return null
}

export type DnsRecord = { kind: "SPF" | "DKIM" | "DMARC"; type: "TXT" | "CNAME"; name: string; value: string }

/**
 * The records a customer publishes for a sending domain. DKIM is delegated by CNAME to the platform's
 * key (so keys rotate without the customer), SPF includes the platform's senders.
 */
export function dnsRecordsFor(domain: string, selector: string, platformDomain: string, inboundDomain: string): DnsRecord[] {
  return [
    { kind: "SPF", type: "TXT", name: domain, value: `v=spf1 include:_spf.${platformDomain} ~all` },
    { kind: "DKIM", type: "CNAME", name: `${selector}._domainkey.${domain}`, value: `${selector}.dkim.${platformDomain}` },
    { kind: "DMARC", type: "TXT", name: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc@${inboundDomain}` },
  ]
}

/** Whether the answers found in DNS satisfy a record (TXT: SPF include / DMARC tag present; CNAME: exact target). */
export function recordSatisfied(record: DnsRecord, answers: string[]): boolean {
  const norm = answers.map((a) => a.replace(/^"|"$/g, "").replace(/"\s*"/g, "").replace(/\.$/, "").trim().toLowerCase())
  if (record.kind === "SPF") return norm.some((a) => a.startsWith("v=spf1") && a.includes(record.value.split(" ")[1]!.toLowerCase()))
  if (record.kind === "DMARC") return norm.some((a) => a.startsWith("v=dmarc1"))
  return norm.some((a) => a === record.value.toLowerCase())
}
