// Types of the seed's SQL helpers for TypeScript callers (tests).
export function q(value: unknown): string
export function insert(table: string, rows: Record<string, unknown>[]): string[]
export function seededRandom(seed: number): () => number
export function seedFromName(name: string): number
export function sha256Hex(text: string): string
export function addDays(date: string, days: number): string
export function daysBetween(from: string, to: string): number
