// Types of the dev ticker for TypeScript callers (tests).
export function startDevTicker(opts: {
  origin: string
  crons: string[]
  immediate?: string[]
  log?: (line: string) => void
  fetchImpl?: typeof fetch
  now?: () => Date
  setTimer?: typeof setTimeout
  clearTimer?: typeof clearTimeout
}): { started: Promise<void>; stop(): void }
