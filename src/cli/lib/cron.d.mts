// Types of the cron helpers for TypeScript callers (tests).
export type Cron = {
  expr: string
  minute: Set<number>
  hour: Set<number>
  dom: Set<number>
  month: Set<number>
  dow: Set<number>
  domAny: boolean
  dowAny: boolean
}
export function parseCron(expr: string): Cron
export function cronMatches(cron: Cron, date: Date): boolean
export function nextFire(cron: Cron, after: Date): Date | null
export function lastFire(cron: Cron, at: Date): Date | null
export function cronsFromToml(toml: string): string[]
