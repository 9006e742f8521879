// TenantDO: one Durable Object per organisation, the single writer of cadence progression and send budgets.
import { DurableObject } from "cloudflare:workers"
import type { Actor } from "../services/audit"
import { approveDrafts, sendManual, type ApprovalResult, type ManualResult, type ManualSend } from "./approve"
import { SendLedger } from "./ledger"
import { runTick, type TickOptions, type TickSummary } from "./tick"

export class TenantDO extends DurableObject<Env> {
  private tail: Promise<unknown> = Promise.resolve()
  private ledgerInstance: SendLedger | null = null

  /** Liveness probe used by the ops readiness panel. */
  async ping(): Promise<string> {
    return "ok"
  }

  /** Runs the Autopilot tick for `scheduledTime` (ISO); the same time twice does nothing the second time. */
  async tick(scheduledTime: string, orgId?: string, options?: TickOptions): Promise<TickSummary> {
    const org = this.orgId(orgId)
    const now = new Date(scheduledTime)
    return this.serial(() => runTick(this.env, this.ledger(), org, scheduledTime, now, options))
  }

  /** A manual run (API, ops): keyed by the moment it was asked for. */
  async tickNow(orgId?: string, options?: TickOptions): Promise<TickSummary> {
    const org = this.orgId(orgId)
    const now = new Date()
    return this.serial(() => runTick(this.env, this.ledger(), org, `manual:${now.toISOString()}`, now, options))
  }

  /** `override`: drafts of a paused or draft segment go as an audited override, still within every cap and the quiet hours. */
  async approveDrafts(ids: string[], actor: Actor, orgId?: string, override = false): Promise<ApprovalResult> {
    const org = this.orgId(orgId)
    return this.serial(() => approveDrafts(this.env, this.ledger(), org, ids, actor, new Date(), { override }))
  }

  async sendManual(input: ManualSend, actor: Actor, orgId?: string): Promise<ManualResult> {
    const org = this.orgId(orgId)
    return this.serial(() => sendManual(this.env, this.ledger(), org, input, actor, new Date()))
  }

  /** Sends reserved today (organisation's local day), for the deliverability page. */
  async usedToday(day: string): Promise<number> {
    return this.ledger().usedOn(day)
  }

  private ledger(): SendLedger {
    this.ledgerInstance ??= new SendLedger(this.ctx.storage.sql)
    return this.ledgerInstance
  }

  /** The object is addressed by `idFromName(orgId)`: its name is the organisation. */
  private orgId(given?: string): string {
    const name = this.ctx.id.name ?? given
    if (!name) throw new Error("TenantDO needs its organisation id")
    if (given && given !== name) throw new Error("TenantDO called for another organisation")
    return name
  }

  /**
   * One operation at a time. D1 calls are I/O that would let another call interleave between a budget check
   * and its reservation; chaining makes each tick, approval and manual send run to completion first.
   */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn)
    this.tail = run.catch(() => undefined)
    return run
  }
}
