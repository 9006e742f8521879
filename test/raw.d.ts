// Types for files the tests import as raw text (fixtures read with ?raw).
declare module "*.md?raw" {
  const text: string
  export default text
}
declare module "*.toml?raw" {
  const text: string
  export default text
}
