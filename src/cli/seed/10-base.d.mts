// Types of the foundation seed part for TypeScript callers (tests): rows are plain snake_case objects.
export type SeedContext = {
  today: string
  now: string
  rng: () => number
  q: (value: unknown) => string
  insert: (table: string, rows: Record<string, unknown>[]) => string[]
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rows(ctx: SeedContext): Record<string, any[]>
export function build(ctx: SeedContext): string[]
