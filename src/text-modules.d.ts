// Text modules: wrangler's default module rules bundle `*.txt` as a string (the outreach templates under templates/).
declare module "*.txt" {
  const text: string
  export default text
}
