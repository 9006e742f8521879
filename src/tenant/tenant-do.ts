// TenantDO: one Durable Object per organisation, the single writer of cadence progression and send budgets.
import { DurableObject } from "cloudflare:workers"
import type { Actor } from "../db/audit-log"
import { approveDrafts, sendManual, type ApprovalResult, type ManualResult, type ManualSend } from "./approve"
import { CadenceState, type ChangeNotice, type StateRow } from "./cadence-state"
import { sweepAfterMs, sweepOutbox } from "./outbox-sweep"
import { SendLedger, type Reservation } from "./ledger"
import { runTick, type TickOptions, type TickSummary } from "./tick"

export class TenantDO extends DurableObject<Env> {
  private tail: Promise<unknown> = Promise.resolve()
  private ledgerInstance: SendLedger | null = null
  private stateInstance: CadenceState | null = null

  /** Liveness probe used by the ops readiness panel. */
  async ping(): Promise<string> {
    return "ok"
  }

  /** Runs the Autopilot tick for `scheduledTime` (ISO); the same time twice does nothing the second time. Sweeps the outbox after. */
  async tick(scheduledTime: string, orgId?: string, options?: TickOptions): Promise<TickSummary> {
    const org = this.orgId(orgId)
    const now = new Date(scheduledTime)
    return this.serial(() => this.tickAndSweep(runTick(this.env, this.ledger(), this.state(), org, scheduledTime, now, options), org))
  }

  /** A manual run (API, ops): keyed by the moment it was asked for. */
  async tickNow(orgId?: string, options?: TickOptions): Promise<TickSummary> {
    const org = this.orgId(orgId)
    const now = new Date()
    return this.serial(() =>
      this.tickAndSweep(runTick(this.env, this.ledger(), this.state(), org, `manual:${now.toISOString()}`, now, options), org),
    )
  }

  /** Re-enqueues this organisation's overdue outbox rows now (also run after every tick and by the alarm). */
  async sweep(orgId?: string): Promise<{ requeued: number }> {
    const org = this.orgId(orgId)
    return this.serial(() => sweepOutbox(this.env, org, new Date()))
  }

  /**
   * Called when an enqueue failed: an alarm sweeps the outbox once the rows are overdue. Not serialised, so a call
   * from inside one of this object's own operations cannot wait on itself.
   */
  async armSweep(orgId?: string): Promise<void> {
    const org = this.orgId(orgId)
    // Alarms do not carry the object's name: keep the organisation for alarm().
    await this.ctx.storage.put("org", org)
    const at = Date.now() + sweepAfterMs + 30_000
    const current = await this.ctx.storage.getAlarm()
    if (current === null || current > at) await this.ctx.storage.setAlarm(at)
  }

  override async alarm(): Promise<void> {
    const org = (await this.ctx.storage.get<string>("org")) ?? this.ctx.id.name
    if (!org) return
    const { requeued } = await this.serial(() => sweepOutbox(this.env, org, new Date()))
    if (requeued > 0) await this.armSweep(org)
  }

  private async tickAndSweep(run: Promise<TickSummary>, org: string): Promise<TickSummary> {
    const summary = await run
    // Wall-clock time, not the tick's: queue delays and claims are real time.
    await sweepOutbox(this.env, org, new Date()).catch((err: unknown) => console.error("outbox sweep failed", org, err))
    return summary
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

  /**
   * A writer changed facts the cadence reads (after its D1 batch): those invoices are looked at by the next tick.
   * Not serialised behind a running tick; the stamp keeps that tick from overwriting the mark.
   */
  async factsChanged(notice: ChangeNotice, orgId?: string): Promise<void> {
    this.orgId(orgId)
    this.state().apply(notice, new Date().toISOString())
  }

  /** One invoice's cadence state: owning segment, step reached, next action time and why. */
  async cadenceState(invoiceId: string, orgId?: string): Promise<StateRow | null> {
    this.orgId(orgId)
    return this.state().get(invoiceId)
  }

  /** Reservations of `fromDay` and later, read only: the policy dry-run starts its copy of the caps from them. */
  async ledgerFrom(fromDay: string, orgId?: string): Promise<Reservation[]> {
    this.orgId(orgId)
    return this.ledger().reservationsFrom(fromDay)
  }

  /** Sends reserved today (organisation's local day), for the deliverability page. */
  async usedToday(day: string): Promise<number> {
    return this.ledger().usedOn(day)
  }

  private ledger(): SendLedger {
    this.ledgerInstance ??= new SendLedger(this.ctx.storage.sql)
    return this.ledgerInstance
  }

  private state(): CadenceState {
    this.stateInstance ??= new CadenceState(this.ctx.storage.sql)
    return this.stateInstance
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
