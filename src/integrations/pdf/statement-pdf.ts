// The customer statement as a PDF (pdf-lib, standard Helvetica, US Letter): organisation header in its brand colour,
// totals and aging per currency, open invoices, payments of the last 90 days, and the pay link as a clickable link
// and a QR code (uqr). Long lists continue on further pages with the column headings repeated.
import { PDFDocument, PDFName, PDFString, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from "pdf-lib"
import { encode } from "uqr"
import { agingBucket, agingBuckets, bucketLabels, daysPastDue } from "../../domain/aging"
import { formatMoney, sumByCurrency } from "../../domain/money"
import { paymentMethodLabel } from "../../domain/payment-methods"

export type StatementInput = {
  orgName: string
  brandColour: string | null
  customerName: string
  customerRef: string
  asOf: string
  invoices: {
    number: string
    issueDate: string
    dueDate: string
    currency: string
    amountMinor: number
    balanceMinor: number
    disputed: boolean
  }[]
  payments: {
    receivedAt: string
    amountMinor: number
    currency: string
    method: string
    reference: string | null
    invoiceNumber: string | null
  }[]
  payUrl: string | null
}

const W = 612
const H = 792
const M = 48
const ink = rgb(0.106, 0.137, 0.2)
const muted = rgb(0.36, 0.4, 0.47)
const line = rgb(0.86, 0.88, 0.91)

/** `#3b4fd8` -> rgb; anything else falls back to Plixo's indigo. */
export function brandRgb(hex: string | null): RGB {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "")
  return m ? rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255) : rgb(0.231, 0.31, 0.847)
}

/** Standard PDF fonts speak WinAnsi only: other characters (customer names in other scripts) become "?". */
export const pdfSafe = (s: string) =>
  s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[^\x20-\x7E\xA0-\xFF€–—•…]/g, "?")

type Col = { title: string; width: number; align?: "right" }

class Writer {
  page!: PDFPage
  y = 0
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly footer: string,
  ) {}
  newPage() {
    this.page = this.doc.addPage([W, H])
    this.y = H - M
    this.page.drawText(pdfSafe(this.footer), { x: M, y: 28, size: 8, font: this.font, color: muted })
  }
  ensure(height: number, again?: () => void) {
    if (this.y - height < 56) {
      this.newPage()
      again?.()
    }
  }
  text(s: string, x: number, size = 10, font = this.font, color = ink) {
    this.page.drawText(pdfSafe(s), { x, y: this.y, size, font, color })
  }
  right(s: string, xRight: number, size = 10, font = this.font, color = ink) {
    const t = pdfSafe(s)
    this.page.drawText(t, { x: xRight - font.widthOfTextAtSize(t, size), y: this.y, size, font, color })
  }
  heading(s: string) {
    // Room for the heading, its column titles and a first row, so a heading never ends a page alone.
    this.ensure(64)
    this.y -= 24
    this.text(s, M, 12, this.bold)
    // Clear of the heading's descenders before the 9 pt column titles start.
    this.y -= 18
  }
  fit(s: string, width: number, size: number) {
    let t = pdfSafe(s)
    while (t.length > 1 && this.font.widthOfTextAtSize(t, size) > width - 6) t = `${t.slice(0, -2)}…`
    return t
  }
  row(cols: Col[], cells: string[], font = this.font, color = ink) {
    let x = M
    cols.forEach((c, i) => {
      const cell = this.fit(cells[i] ?? "", c.width, 9)
      if (c.align === "right") this.right(cell, x + c.width - 4, 9, font, color)
      else this.text(cell, x, 9, font, color)
      x += c.width
    })
    this.y -= 5
    this.page.drawLine({ start: { x: M, y: this.y }, end: { x: W - M, y: this.y }, thickness: 0.5, color: line })
    this.y -= 12
  }
  table(cols: Col[], rows: string[][]) {
    const head = () =>
      this.row(
        cols,
        cols.map((c) => c.title.toUpperCase()),
        this.bold,
        muted,
      )
    this.ensure(30)
    head()
    for (const r of rows) {
      this.ensure(18, head)
      this.row(cols, r)
    }
  }
}

function drawQr(page: PDFPage, url: string, x: number, y: number, size: number) {
  const qr = encode(url, { ecc: "M", border: 2 })
  const cell = size / qr.size
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) })
  qr.data.forEach((rowCells, r) =>
    rowCells.forEach((dark, c) => {
      if (dark)
        page.drawRectangle({ x: x + c * cell, y: y + size - (r + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) })
    }),
  )
}

function linkAnnotation(doc: PDFDocument, page: PDFPage, url: string, rect: [number, number, number, number]) {
  const annot = doc.context.register(
    doc.context.obj({
      Type: "Annot",
      Subtype: "Link",
      Rect: rect,
      Border: [0, 0, 0],
      A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
    }),
  )
  const existing = page.node.lookup(PDFName.of("Annots"))
  if (existing && "push" in existing) (existing as unknown as { push: (v: unknown) => void }).push(annot)
  else page.node.set(PDFName.of("Annots"), doc.context.obj([annot]))
}

export async function renderStatementPdf(s: StatementInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle(pdfSafe(`Statement ${s.customerName} ${s.asOf}`))
  doc.setAuthor(pdfSafe(s.orgName))
  doc.setCreator("Plixo")
  doc.setProducer("Plixo (pdf-lib)")
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    `${s.orgName} · Statement for ${s.customerName} as of ${s.asOf}`,
  )
  const brand = brandRgb(s.brandColour)
  w.newPage()
  w.page.drawRectangle({ x: 0, y: H - 96, width: W, height: 96, color: brand })
  w.y = H - 48
  w.text(s.orgName, M, 20, w.bold, rgb(1, 1, 1))
  w.right("STATEMENT", W - M, 14, w.bold, rgb(1, 1, 1))
  w.y -= 22
  w.text(`Statement date ${s.asOf}`, M, 10, w.font, rgb(1, 1, 1))
  w.y = H - 126
  w.text("Prepared for", M, 9, w.font, muted)
  w.y -= 14
  w.text(s.customerName, M, 13, w.bold)
  w.y -= 14
  w.text(`Customer reference ${s.customerRef}`, M, 9, w.font, muted)

  const totals = sumByCurrency(s.invoices.map((i) => ({ amountMinor: i.balanceMinor, currency: i.currency })))
  w.y = H - 126
  w.right("Balance due", W - M, 9, w.font, muted)
  for (const t of totals.length ? totals : [{ amountMinor: 0, currency: "USD" }]) {
    w.y -= 18
    w.right(formatMoney(t.amountMinor, t.currency), W - M, 16, w.bold)
  }
  w.y = Math.min(w.y, H - 170)

  w.heading("Aging")
  const agingCols: Col[] = [
    { title: "Currency", width: 62 },
    ...agingBuckets.map((b) => ({ title: bucketLabels[b], width: 74, align: "right" as const })),
    // Wide enough for a seven-figure total ("$1,234,567.89") without the ellipsis.
    { title: "Total", width: 80, align: "right" },
  ]
  w.table(
    agingCols,
    totals.map((t) => {
      const mine = s.invoices.filter((i) => i.currency === t.currency)
      const by = agingBuckets.map((b) => mine.filter((i) => agingBucket(i.dueDate, s.asOf) === b).reduce((n, i) => n + i.balanceMinor, 0))
      return [t.currency, ...by.map((n) => formatMoney(n, t.currency)), formatMoney(t.amountMinor, t.currency)]
    }),
  )

  w.heading(`Open invoices (${s.invoices.length})`)
  if (s.invoices.length === 0) w.text("Nothing is open. Thank you.", M, 10, w.font, muted)
  else
    w.table(
      [
        { title: "Invoice", width: 110 },
        { title: "Issued", width: 70 },
        { title: "Due", width: 70 },
        { title: "Days late", width: 62, align: "right" },
        { title: "Amount", width: 102, align: "right" },
        { title: "Balance", width: 102, align: "right" },
      ],
      s.invoices.map((i) => {
        const late = daysPastDue(i.dueDate, s.asOf)
        return [
          `${i.number}${i.disputed ? " (disputed)" : ""}`,
          i.issueDate,
          i.dueDate,
          late > 0 ? String(late) : "–",
          formatMoney(i.amountMinor, i.currency),
          formatMoney(i.balanceMinor, i.currency),
        ]
      }),
    )

  w.heading("Payments received in the last 90 days")
  if (s.payments.length === 0) w.text("No payments in the last 90 days.", M, 10, w.font, muted)
  else
    w.table(
      [
        { title: "Date", width: 70 },
        { title: "Invoice", width: 90 },
        { title: "Method", width: 100 },
        { title: "Reference", width: 154 },
        { title: "Amount", width: 102, align: "right" },
      ],
      s.payments.map((p) => [
        p.receivedAt.slice(0, 10),
        p.invoiceNumber ?? "on account",
        paymentMethodLabel(p.method),
        p.reference ?? "",
        formatMoney(p.amountMinor, p.currency),
      ]),
    )

  if (s.payUrl) {
    w.ensure(130)
    w.y -= 28
    const top = w.y
    w.text("Pay online", M, 12, w.bold)
    w.y -= 16
    w.text("Open the link or scan the code to see and pay your open invoices securely.", M, 9, w.font, muted)
    w.y -= 16
    const shown = w.fit(s.payUrl, 380, 9)
    w.text(shown, M, 9, w.font, brand)
    linkAnnotation(doc, w.page, s.payUrl, [M, w.y - 3, M + w.font.widthOfTextAtSize(shown, 9), w.y + 10])
    drawQr(w.page, s.payUrl, W - M - 96, top - 84, 96)
    w.y = top - 100
  }
  return doc.save({ useObjectStreams: false })
}
