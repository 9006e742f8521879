// Money: parsing what ERPs write and formatting for people, in minor units, for 2-, 0- and 3-decimal currencies.
import { describe, expect, it } from "vitest"
import { formatMoney, minorDigits, parseAmount, sumByCurrency, toDecimalString } from "../../src/domain/money"

describe("parseAmount", () => {
  it.each([
    ["1250.00", "USD", ".", 125000],
    ["1,250.00", "USD", ".", 125000],
    ["$1,250.5", "USD", ".", 125050],
    ["(12.00)", "USD", ".", -1200],
    ["-7", "EUR", ".", -700],
    ["1.250,00", "EUR", ",", 125000],
    ["1 250,99 €", "EUR", ",", 125099],
    ["£0.01", "GBP", ".", 1],
    ["1,250", "JPY", ".", 1250],
    ["15000", "KRW", ".", 15000],
    ["12.345", "BHD", ".", 12345],
  ] as const)("reads %s %s (decimal %s) as %i minor units", (text, currency, decimal, minor) => {
    expect(parseAmount(text, currency, decimal)).toBe(minor)
  })

  it.each([
    ["12.345", "USD"],
    ["1.5", "JPY"],
    ["abc", "USD"],
    ["", "USD"],
    ["1,25,0.00", "USD"],
    ["12.3456", "BHD"],
  ])("refuses %s in %s", (text, currency) => {
    expect(parseAmount(text, currency)).toBeNull()
  })
})

describe("formatMoney and decimals", () => {
  it.each([
    [125000, "USD", "en-US", "$1,250.00"],
    [125000, "EUR", "de-DE", "1.250,00\u00a0€"],
    [125000, "EUR", "fr-FR", "1\u202f250,00\u00a0€"],
    [125000, "GBP", "en-GB", "£1,250.00"],
    [125000, "CAD", "en-US", "CA$1,250.00"],
    [12500000, "USD", "en-IN", "$1,25,000.00"],
    [1250, "JPY", "ja-JP", "￥1,250"],
    [12345, "BHD", "en-US", "BHD\u00a012.345"],
  ] as const)("shows %i %s in %s as %s", (minor, currency, locale, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text)
  })

  it.each([
    [125000, "USD", "1250.00"],
    [5, "USD", "0.05"],
    [-5, "EUR", "-0.05"],
    [1250, "JPY", "1250"],
    [12345, "KWD", "12.345"],
  ] as const)("writes %i %s as %s for CSV", (minor, currency, text) => {
    expect(toDecimalString(minor, currency)).toBe(text)
    expect(parseAmount(text, currency)).toBe(minor)
  })

  it("knows zero- and three-decimal currencies", () => {
    expect([minorDigits("USD"), minorDigits("JPY"), minorDigits("KRW"), minorDigits("BHD")]).toEqual([2, 0, 0, 3])
  })

  it("never adds amounts in different currencies", () => {
    expect(
      sumByCurrency([
        { amountMinor: 100, currency: "USD" },
        { amountMinor: 50, currency: "EUR" },
        { amountMinor: 25, currency: "USD" },
      ]),
    ).toEqual([
      { currency: "USD", amountMinor: 125 },
      { currency: "EUR", amountMinor: 50 },
    ])
  })
})
