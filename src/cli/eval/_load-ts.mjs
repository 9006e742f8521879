// Loads a TypeScript module of src/ (pure domain code) into Node for the evals by bundling it with esbuild in memory.
import { build } from "esbuild"

export async function loadTs(entry) {
  const out = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" })
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`)
}
