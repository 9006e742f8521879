// A TICKS queue that records what the cron and its consumers enqueue, and drains it batch by batch through the
// Worker's real queue handler, counting per invocation the D1 round trips, messages sent and TenantDO ticks.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test"
import { env } from "cloudflare:workers"
import worker from "../../src/index"
import type { TickMessage } from "../../src/jobs/tick-fanout"

export type Invocation = { kind: "cron" | "queue"; d1: number; sendCalls: number; messages: number; ticks: number; pages: number }

export function fanOutHarness(opts: { tickTenants?: boolean } = {}) {
  const pending: TickMessage[] = []
  const invocations: Invocation[] = []
  const ticked: string[] = []
  let current: Invocation = { kind: "cron", d1: 0, sendCalls: 0, messages: 0, ticks: 0, pages: 0 }

  const countingDb = new Proxy(env.DB, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target)
      if (prop === "batch") return (stmts: D1PreparedStatement[]) => (current.d1++, target.batch(stmts))
      if (prop === "prepare")
        return (sql: string) => {
          const stmt = target.prepare(sql)
          // One round trip per executed statement; bind() returns a fresh statement that must be counted too.
          const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(t, p) {
                const v = Reflect.get(t, p, t)
                if (p === "bind") return (...args: unknown[]) => wrap(t.bind(...args))
                if (p === "all" || p === "run" || p === "raw" || p === "first")
                  return (...args: unknown[]) => (current.d1++, (v as (...a: unknown[]) => unknown).apply(t, args))
                return typeof v === "function" ? v.bind(t) : v
              },
            })
          return wrap(stmt)
        }
      return typeof value === "function" ? value.bind(target) : value
    },
  })
  const TICKS = {
    async send(body: TickMessage) {
      current.sendCalls++
      current.messages++
      pending.push(body)
    },
    async sendBatch(msgs: { body: TickMessage }[]) {
      if (msgs.length > 100) throw new Error("sendBatch takes at most 100 messages")
      current.sendCalls++
      current.messages += msgs.length
      pending.push(...msgs.map((m) => m.body))
    },
  }
  const TENANT = opts.tickTenants
    ? env.TENANT
    : ({
        idFromName: (name: string) => name,
        get: (name: string) => ({
          factsChanged: async () => undefined,
          tick: async (_at: string, orgId: string) => {
            current.ticks++
            ticked.push(orgId ?? name)
          },
        }),
      } as unknown as Env["TENANT"])
  const fakeEnv = { ...env, DB: countingDb, TICKS, TENANT } as unknown as Env

  let seq = 0
  return {
    env: fakeEnv,
    invocations,
    ticked,
    pending,
    async cron(scheduledTime: number) {
      current = { kind: "cron", d1: 0, sendCalls: 0, messages: 0, ticks: 0, pages: 0 }
      const ctx = createExecutionContext()
      await worker.scheduled!(createScheduledController({ cron: "*/5 * * * *", scheduledTime }), fakeEnv, ctx)
      await waitOnExecutionContext(ctx)
      invocations.push(current)
    },
    /** Delivers what is pending, `batchSize` messages per consumer invocation (the queue's max_batch_size). */
    async drain(batchSize = 10) {
      while (pending.length) {
        const bodies = pending.splice(0, batchSize)
        current = { kind: "queue", d1: 0, sendCalls: 0, messages: 0, ticks: 0, pages: bodies.filter((b) => b.kind === "page").length }
        const batch = createMessageBatch<TickMessage>(
          "plixo-ticks",
          bodies.map((body) => ({ id: `tick-${++seq}`, timestamp: new Date(), attempts: 1, body })),
        )
        const ctx = createExecutionContext()
        await worker.queue!(batch as MessageBatch<unknown>, fakeEnv)
        const result = await getQueueResult(batch, ctx)
        if (result.retryMessages.length) throw new Error(`retried: ${JSON.stringify(result.retryMessages)}`)
        invocations.push(current)
      }
    },
  }
}
