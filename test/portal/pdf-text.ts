// Reads the text back out of a generated PDF: inflates each Flate content stream and decodes the shown strings
// (pdf-lib writes standard-font text as hex `<...> Tj`), in drawing order. Also lists link annotations' URIs.

async function inflate(bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  } catch {
    return null
  }
}

const latin1 = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join("")

/** The inflated content streams (drawing operators) of a PDF, in file order. */
export async function pdfContents(pdf: Uint8Array): Promise<string[]> {
  const raw = latin1(pdf)
  const out: string[] = []
  for (const m of raw.matchAll(/\/Filter \/FlateDecode[^]*?stream\r?\n/g)) {
    const start = m.index! + m[0].length
    const end = raw.indexOf("endstream", start)
    const content = await inflate(pdf.subarray(start, end).subarray(0, end - start - (raw[end - 1] === "\n" ? 1 : 0)))
    if (content) out.push(latin1(content))
  }
  return out
}

export async function pdfText(pdf: Uint8Array): Promise<string[]> {
  const out: string[] = []
  for (const content of await pdfContents(pdf)) {
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      out.push(
        t[1] !== undefined
          ? (t[1]
              .match(/../g)
              ?.map((h) => String.fromCharCode(parseInt(h, 16)))
              .join("") ?? "")
          : t[2]!.replace(/\\(.)/g, "$1"),
      )
    }
  }
  return out
}

export const pdfLinks = (pdf: Uint8Array) => [...latin1(pdf).matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1])
