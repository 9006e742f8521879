// Merge tags: known tags render with the payer's values and are escaped; unknown or misspelt tags are refused.
import { describe, expect, it } from "vitest"
import {
  mergeTagNames,
  mergeValuesFor,
  renderHtml,
  renderText,
  unknownTagMessage,
  unknownTags,
  type MergeValues,
} from "../../src/domain/merge-tags"

const values: MergeValues = {
  customer_name: "Bolt & Nut <Ltd>",
  contact_name: "Dana O'Neil",
  invoice_number: "INV-1001",
  invoice_balance: "$1,250.00",
  due_date: "October 31, 2026",
  days_past_due: "21",
  pay_link: "https://app.plixo.dev/p/abc?x=1&y=2",
  statement_link: "javascript:alert(1)",
  org_name: "Acme",
  sender_name: "Acme Billing",
}

describe("merge tags", () => {
  it("accepts every documented tag", () => {
    expect(unknownTags(mergeTagNames.map((t) => `{${t}}`).join(" "))).toEqual([])
  })

  it.each([
    ["Hi {custmer_name}", ["custmer_name"], "did you mean {customer_name}?"],
    ["{invoice_numbr} and {invoice_numbr}", ["invoice_numbr"], "did you mean {invoice_number}?"],
    ["{discount_code}", ["discount_code"], "Unknown merge tag {discount_code}"],
    ["{ customer_name }", [" customer_name "], "did you mean {customer_name}?"],
    ["Pay at {paylink}", ["paylink"], "did you mean {pay_link}?"],
  ])("names the unknown tag in %j", (template, unknown, hint) => {
    expect(unknownTags(template)).toEqual(unknown)
    expect(unknownTagMessage(unknown[0])).toContain(hint)
  })

  it("renders plain text with the values as written", () => {
    expect(renderText("Dear {contact_name}, {invoice_number} is {days_past_due} days late.", values)).toBe(
      "Dear Dana O'Neil, INV-1001 is 21 days late.",
    )
  })

  it("escapes values and template text in HTML, links only http(s) URLs", () => {
    const html = renderHtml("Hello <b>{customer_name}</b>\n\nPay: {pay_link}\nStatement: {statement_link}", values)
    expect(html).toContain("Hello &lt;b&gt;Bolt &amp; Nut &lt;Ltd&gt;&lt;/b&gt;")
    expect(html).toContain('<a href="https://app.plixo.dev/p/abc?x=1&amp;y=2">')
    expect(html).not.toContain('href="javascript')
    expect(html).toContain("Statement: javascript:alert(1)")
    expect(html.match(/<p>/g)).toHaveLength(2)
    expect(html).toContain("<br>")
  })

  it.each([
    ["en-US", "USD", 125_000, "$1,250.00", "October 31, 2026"],
    ["de-DE", "EUR", 125_000, "1.250,00\u00a0€", "31. Oktober 2026"],
    ["en-GB", "GBP", 99, "£0.99", "31 October 2026"],
    ["ja-JP", "JPY", 125_000, "￥125,000", "2026年10月31日"],
    ["fr-FR", "EUR", 123_456_789, "1\u202f234\u202f567,89\u00a0€", "31 octobre 2026"],
  ])("formats the balance and due date for %s in %s", (locale, currency, minor, balance, due) => {
    const v = mergeValuesFor({
      orgName: "Acme",
      customerName: "C",
      invoiceNumber: "1",
      balanceMinor: minor,
      currency,
      locale,
      dueDate: "2026-10-31",
      today: "2026-11-10",
    })
    expect(v.invoice_balance).toBe(balance)
    expect(v.due_date).toBe(due)
    expect(v.days_past_due).toBe("10")
  })

  it("counts no days past due before the due date and falls back for missing names", () => {
    const v = mergeValuesFor({
      orgName: "Acme",
      customerName: "Bolt",
      invoiceNumber: "1",
      balanceMinor: 1,
      currency: "USD",
      locale: "not a locale!!",
      dueDate: "2026-10-31",
      today: "2026-10-28",
    })
    expect(v.days_past_due).toBe("0")
    expect(v.sender_name).toBe("Accounts Receivable")
    expect(v.contact_name).toBe("Bolt accounts payable")
  })
})
