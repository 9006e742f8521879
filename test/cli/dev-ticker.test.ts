// The dev ticker fires wrangler.toml's crons on their own schedule, so `npm run dev` runs the Autopilot like production.
import { describe, expect, it } from "vitest"
import { cronMatches, cronsFromToml, lastFire, nextFire, parseCron } from "../../src/cli/lib/cron.mjs"
import { startDevTicker } from "../../src/cli/lib/dev-ticker.mjs"
import toml from "../../wrangler.toml?raw"

describe("cron expressions from wrangler.toml", () => {
  it("reads the deployed crons", () => {
    expect(cronsFromToml(toml)).toEqual(["*/5 * * * *", "15 0 * * *"])
  })

  it.each([
    ["*/5 * * * *", "2026-12-02T05:10:00Z", true],
    ["*/5 * * * *", "2026-12-02T05:11:00Z", false],
    ["15 0 * * *", "2026-12-02T00:15:00Z", true],
    ["15 0 * * *", "2026-12-02T01:15:00Z", false],
    ["0 9 * * 1-5", "2026-12-07T09:00:00Z", true], // a Monday
    ["0 9 * * 1-5", "2026-12-06T09:00:00Z", false], // a Sunday
    ["0 0 1 * 0", "2026-12-06T00:00:00Z", true], // dom or dow when both are restricted
    ["30 8,17 * * 7", "2026-12-06T17:30:00Z", true], // 7 is Sunday too
  ])("%s fires at %s: %s", (expr, at, fires) => {
    expect(cronMatches(parseCron(expr), new Date(at))).toBe(fires)
  })

  it.each([["*/5 * *"], ["61 * * * *"], ["*/0 * * * *"], ["a * * * *"]])("refuses %s and names the field", (expr) => {
    expect(() => parseCron(expr)).toThrow(/cron/)
  })

  it("finds the next and the last slot", () => {
    expect(nextFire(parseCron("*/5 * * * *"), new Date("2026-12-02T05:10:00Z"))!.toISOString()).toBe("2026-12-02T05:15:00.000Z")
    expect(nextFire(parseCron("15 0 * * *"), new Date("2026-12-02T05:10:00Z"))!.toISOString()).toBe("2026-12-03T00:15:00.000Z")
    expect(lastFire(parseCron("*/5 * * * *"), new Date("2026-12-02T05:13:42Z"))!.toISOString()).toBe("2026-12-02T05:10:00.000Z")
  })
})

describe("dev ticker", () => {
  it("ticks the current slot at start, then each cron at its own minute with that minute as scheduledTime", async () => {
    let clock = new Date("2026-12-02T00:13:20Z")
    const calls: string[] = []
    const timers: { fn: () => Promise<void> | void; ms: number }[] = []
    const ticker = startDevTicker({
      origin: "http://127.0.0.1:8803",
      crons: ["*/5 * * * *", "15 0 * * *"],
      immediate: ["*/5 * * * *"],
      log: () => {},
      now: () => clock,
      fetchImpl: (async (url: string) => {
        calls.push(url)
        return new Response("ok")
      }) as unknown as typeof fetch,
      setTimer: ((fn: () => void, ms: number) => (timers.push({ fn, ms }), timers.length)) as unknown as typeof setTimeout,
      clearTimer: (() => {}) as unknown as typeof clearTimeout,
    })
    await ticker.started
    const slot = (iso: string) => String(Date.parse(iso))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toContain(`cron=${encodeURIComponent("*/5 * * * *")}`)
    expect(calls[0]).toContain(`time=${slot("2026-12-02T00:10:00Z")}`)
    // 00:15 is both crons' minute: both fire, each once.
    expect(timers.at(-1)!.ms).toBe(100_000)
    clock = new Date("2026-12-02T00:15:00Z")
    await timers.at(-1)!.fn()
    expect(calls.slice(1).sort()).toEqual(
      [
        `http://127.0.0.1:8803/__scheduled?cron=${encodeURIComponent("15 0 * * *")}&time=${slot("2026-12-02T00:15:00Z")}`,
        `http://127.0.0.1:8803/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}&time=${slot("2026-12-02T00:15:00Z")}`,
      ].sort(),
    )
    expect(timers.at(-1)!.ms).toBe(300_000)
    ticker.stop()
  })

  it("keeps ticking when the server did not answer one slot", async () => {
    let clock = new Date("2026-12-02T05:04:59Z")
    const timers: (() => Promise<void> | void)[] = []
    const logs: string[] = []
    let n = 0
    const ticker = startDevTicker({
      origin: "http://127.0.0.1:8803",
      crons: ["*/5 * * * *"],
      log: (line: string) => logs.push(line),
      now: () => clock,
      fetchImpl: (async () => {
        if (n++ === 0) throw new Error("connection refused")
        return new Response("ok")
      }) as unknown as typeof fetch,
      setTimer: ((fn: () => void) => (timers.push(fn), timers.length)) as unknown as typeof setTimeout,
      clearTimer: (() => {}) as unknown as typeof clearTimeout,
    })
    await ticker.started
    clock = new Date("2026-12-02T05:05:00Z")
    await timers.at(-1)!()
    clock = new Date("2026-12-02T05:10:00Z")
    await timers.at(-1)!()
    expect(logs[0]).toMatch(/failed: connection refused/)
    expect(logs[1]).toMatch(/2026-12-02T05:10:00.000Z -> 200/)
    ticker.stop()
  })
})
