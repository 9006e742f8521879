// Seed part 30 (policies): the three tone cadences of Acme Demo from the template files (Neutral published v1 and a
// draft v2, Formal published, Confident draft), four segments with priorities, pending and decided approvals, and
// the audit history of those changes. Globex Demo (Starter) gets one basic cadence. Invoices are picked in SQL.
import { readFileSync } from "node:fs"
import { addDays } from "../lib/sql.mjs"

const ACME = "org_acme_demo"
const GLOBEX = "org_globex_demo"
const offsets = [-3, 0, 7, 14, 21]
const fileOf = (day) => (day < 0 ? `day-minus-${String(-day).padStart(2, "0")}` : `day-${String(day).padStart(2, "0")}`)

/** The five preset steps of a tone, read from templates/<tone>/day-XX.txt (a `Subject:` line, a blank line, the body). */
function presetSteps(tone) {
  return offsets.map((day) => {
    const text = readFileSync(new URL(`../../../templates/${tone}/${fileOf(day)}.txt`, import.meta.url), "utf8").replace(/\r\n?/g, "\n")
    const m = /^Subject:[ \t]*(.*)\n+([\s\S]*)$/.exec(text)
    if (!m) throw new Error(`seed: templates/${tone}/${fileOf(day)}.txt has no Subject line`)
    return { offset_days: day, subject: m[1].trim(), body: m[2].trim() }
  })
}

const guardrails = {
  quiet_hours: { start: "18:00", end: "08:00" },
  business_days_only: 1,
  max_sends_per_day: 300,
  max_touches_per_contact_week: 2,
  escalate_after_days: 21,
  discount_cap_percent: 10,
  credit_cap_minor: 750_000,
  approval_threshold_minor: 50_000,
  high_approval_threshold_minor: 500_000,
  approver_roles: ["controller", "ar_manager", "cfo"],
  promise_max_days: 30,
  plan_max_instalments: 6,
}

export function build(ctx) {
  const { q, today, insert } = ctx
  const at = (days, time = "15:10:00.000Z") => `${addDays(today, days)}T${time}`
  const out = []
  const versions = []
  const steps = []
  const cadences = []
  const addVersion = (orgId, cadenceId, version, status, tone, created, extra = {}, stepList = presetSteps(tone)) => {
    const id = `cv_${cadenceId.slice(4)}_v${version}`
    const g = { ...guardrails, ...extra }
    versions.push({
      id,
      org_id: orgId,
      cadence_id: cadenceId,
      version,
      status,
      quiet_hours: g.quiet_hours,
      business_days_only: g.business_days_only,
      max_sends_per_day: g.max_sends_per_day,
      max_touches_per_contact_week: g.max_touches_per_contact_week,
      escalate_after_days: g.escalate_after_days,
      discount_cap_percent: g.discount_cap_percent,
      credit_cap_minor: g.credit_cap_minor,
      approval_threshold_minor: g.approval_threshold_minor,
      high_approval_threshold_minor: g.high_approval_threshold_minor,
      approver_roles: g.approver_roles,
      promise_max_days: g.promise_max_days,
      plan_max_instalments: g.plan_max_instalments,
      created_by: orgId === ACME ? "usr_acme_controller" : "usr_globex_controller",
      created_at: created,
      published_at: status === "published" ? created : null,
      published_by: status === "published" ? (orgId === ACME ? "usr_acme_controller" : "usr_globex_controller") : null,
    })
    stepList.forEach((s, position) =>
      steps.push({
        id: `cs_${id.slice(3)}_${position}`,
        org_id: orgId,
        version_id: id,
        position,
        offset_days: s.offset_days,
        channel: "email",
        subject: s.subject,
        body: s.body,
      }),
    )
  }

  cadences.push(
    {
      id: "cad_acme_neutral",
      org_id: ACME,
      name: "Neutral reminders",
      tone: "neutral",
      live_version: 1,
      archived: 0,
      created_by: "usr_acme_controller",
      created_at: at(-60),
    },
    {
      id: "cad_acme_formal",
      org_id: ACME,
      name: "Enterprise formal",
      tone: "formal",
      live_version: 1,
      archived: 0,
      created_by: "usr_acme_controller",
      created_at: at(-45),
    },
    {
      id: "cad_acme_confident",
      org_id: ACME,
      name: "Confident follow-up",
      tone: "confident",
      live_version: null,
      archived: 0,
      created_by: "usr_acme_ar_manager",
      created_at: at(-3),
    },
    {
      id: "cad_globex_basic",
      org_id: GLOBEX,
      name: "Basic reminders",
      tone: "neutral",
      live_version: 1,
      archived: 0,
      created_by: "usr_globex_controller",
      created_at: at(-30),
    },
  )
  addVersion(ACME, "cad_acme_neutral", 1, "published", "neutral", at(-60))
  const v2 = presetSteps("neutral").map((s) =>
    s.offset_days === 7 ? { ...s, subject: "Invoice {invoice_number}: {invoice_balance} is now {days_past_due} days overdue" } : s,
  )
  addVersion(ACME, "cad_acme_neutral", 2, "draft", "neutral", at(-2), { max_sends_per_day: 400, escalate_after_days: 18 }, v2)
  addVersion(ACME, "cad_acme_formal", 1, "published", "formal", at(-45), {
    discount_cap_percent: 5,
    high_approval_threshold_minor: 1_000_000,
  })
  addVersion(ACME, "cad_acme_confident", 1, "draft", "confident", at(-3))
  addVersion(GLOBEX, "cad_globex_basic", 1, "published", "neutral", at(-30), {
    approval_threshold_minor: null,
    high_approval_threshold_minor: null,
    approver_roles: null,
  })

  const seg = (id, orgId, name, priority, filters, cadenceId, status, notes, created) => ({
    id,
    org_id: orgId,
    name,
    priority,
    filters,
    cadence_id: cadenceId,
    cadence_version: 1,
    mode: "shadow",
    status,
    send_cap_per_day: null,
    quiet_hours_override: null,
    notes,
    autopilot_override_reason: null,
    created_by: orgId === ACME ? "usr_acme_ar_manager" : "usr_globex_controller",
    created_at: created,
    updated_at: created,
  })
  const segments = [
    seg(
      "seg_acme_smb",
      ACME,
      "SMB 1-30 under $5k",
      10,
      { aging_buckets: ["1-30"], max_balance_minor: 500_000 },
      "cad_acme_neutral",
      "active",
      "Small balances, early: friendly neutral tone. Revisit Autopilot after two clean weeks.",
      at(-40),
    ),
    seg(
      "seg_acme_enterprise",
      ACME,
      "Enterprise 60+",
      20,
      { aging_buckets: ["61-90", "90+"], min_balance_minor: 1_000_000 },
      "cad_acme_formal",
      "active",
      "High-value and late: formal tone, stays in Shadow Mode; Legal reviews every final notice.",
      at(-38),
    ),
    seg(
      "seg_acme_heads_up",
      ACME,
      "Heads-up before due",
      30,
      { aging_buckets: ["current"] },
      "cad_acme_neutral",
      "active",
      "Day -3 and Day 0 reminders for everything not yet late.",
      at(-30),
    ),
    seg(
      "seg_acme_mid",
      ACME,
      "Mid-aged 31-60",
      40,
      { aging_buckets: ["31-60"] },
      "cad_acme_neutral",
      "draft",
      "Draft: waiting for the Confident cadence to be reviewed.",
      at(-5),
    ),
    seg(
      "seg_globex_all",
      GLOBEX,
      "All overdue",
      10,
      { aging_buckets: ["1-30", "31-60", "61-90", "90+"] },
      "cad_globex_basic",
      "active",
      null,
      at(-29),
    ),
  ]
  out.push(
    ...insert("cadences", cadences),
    ...insert("cadence_versions", versions),
    ...insert("cadence_steps", steps),
    ...insert("segments", segments),
  )

  // Approvals on open invoices picked in SQL (Acme Demo): one dual sign-off half signed, two single, one decided.
  const approval = (
    id,
    kind,
    offset,
    amountSql,
    requiredRoles,
    approvalsRequired,
    requester,
    requesterLabel,
    reason,
    status,
    created,
    decided = null,
  ) =>
    `INSERT OR IGNORE INTO approvals (id, org_id, kind, subject_type, subject_id, invoice_id, customer_id, amount_minor, currency, required_roles, approvals_required, requested_by, requested_by_label, reason, status, created_at, decided_at)
     SELECT ${q(id)}, i.org_id, ${q(kind)}, 'invoice', i.id, i.id, i.customer_id, ${amountSql}, i.currency, ${q(requiredRoles)}, ${approvalsRequired}, ${q(requester)}, ${q(requesterLabel)}, ${q(reason)}, ${q(status)}, ${q(created)}, ${q(decided)}
     FROM invoices i WHERE i.org_id = '${ACME}' AND i.status = 'open' AND i.disputed = 0 AND i.balance_minor > 600000 ORDER BY i.id LIMIT 1 OFFSET ${offset};`
  out.push(
    approval(
      "apr_acme_seed_1",
      "discount",
      0,
      "35000",
      ["controller", "ar_manager", "cfo"],
      1,
      "usr_acme_operator",
      "Priya Raman",
      "Early-payment discount agreed on the phone if paid this week",
      "pending",
      at(-1, "13:20:00.000Z"),
    ),
    approval(
      "apr_acme_seed_2",
      "credit",
      1,
      "620000",
      ["controller", "cfo"],
      2,
      "usr_acme_csm",
      "Sofia Alvarez",
      "Service outage in October: credit per the SLA",
      "pending",
      at(-2, "16:45:00.000Z"),
    ),
    approval(
      "apr_acme_seed_3",
      "write_off",
      2,
      "80000",
      ["controller", "ar_manager", "cfo"],
      1,
      "usr_acme_ar_manager",
      "Marcus Chen",
      "Bank fees deducted by the payer; not worth chasing",
      "pending",
      at(0, "09:05:00.000Z"),
    ),
    approval(
      "apr_acme_seed_4",
      "discount",
      3,
      "20000",
      ["controller", "ar_manager", "cfo"],
      1,
      "usr_acme_operator",
      "Priya Raman",
      "Goodwill discount after a late delivery",
      "approved",
      at(-9, "10:00:00.000Z"),
      at(-8, "11:30:00.000Z"),
    ),
  )
  out.push(
    ...insert("approval_decisions", [
      {
        id: "apd_acme_seed_2a",
        org_id: ACME,
        approval_id: "apr_acme_seed_2",
        user_id: "usr_acme_cfo",
        role: "cfo",
        decision: "approve",
        comment: "Fine by me; needs a second signer.",
        created_at: at(-1, "10:12:00.000Z"),
      },
      {
        id: "apd_acme_seed_4a",
        org_id: ACME,
        approval_id: "apr_acme_seed_4",
        user_id: "usr_acme_ar_manager",
        role: "ar_manager",
        decision: "approve",
        comment: "Within the policy cap.",
        created_at: at(-8, "11:30:00.000Z"),
      },
    ]),
  )

  const audit = (id, actor, label, action, subjectType, subjectId, before, after, created) => ({
    id,
    org_id: ACME,
    actor_type: "user",
    actor_id: actor,
    actor_label: label,
    action,
    subject_type: subjectType,
    subject_id: subjectId,
    before,
    after,
    created_at: created,
  })
  out.push(
    ...insert("audit_log", [
      audit(
        "aud_acme_pol_01",
        "usr_acme_controller",
        "Dana Whitfield",
        "cadence.created",
        "cadence",
        "cad_acme_neutral",
        null,
        { version: 1, name: "Neutral reminders", tone: "neutral" },
        at(-60),
      ),
      audit(
        "aud_acme_pol_02",
        "usr_acme_controller",
        "Dana Whitfield",
        "cadence.published",
        "cadence",
        "cad_acme_neutral",
        { live_version: null },
        { live_version: 1, segments: [] },
        at(-59),
      ),
      audit(
        "aud_acme_pol_03",
        "usr_acme_controller",
        "Dana Whitfield",
        "cadence.created",
        "cadence",
        "cad_acme_formal",
        null,
        { version: 1, name: "Enterprise formal", tone: "formal" },
        at(-45),
      ),
      audit(
        "aud_acme_pol_04",
        "usr_acme_controller",
        "Dana Whitfield",
        "cadence.published",
        "cadence",
        "cad_acme_formal",
        { live_version: null },
        { live_version: 1, segments: [] },
        at(-44),
      ),
      audit(
        "aud_acme_pol_05",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "segment.created",
        "segment",
        "seg_acme_smb",
        null,
        { name: "SMB 1-30 under $5k", priority: 10, mode: "shadow", status: "draft" },
        at(-40),
      ),
      audit(
        "aud_acme_pol_06",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "segment.created",
        "segment",
        "seg_acme_enterprise",
        null,
        { name: "Enterprise 60+", priority: 20, mode: "shadow", status: "draft" },
        at(-38),
      ),
      audit(
        "aud_acme_pol_07",
        "usr_acme_controller",
        "Dana Whitfield",
        "segment.updated",
        "segment",
        "seg_acme_smb",
        { status: "draft" },
        { status: "active" },
        at(-37),
      ),
      audit(
        "aud_acme_pol_08",
        "usr_acme_controller",
        "Dana Whitfield",
        "segment.updated",
        "segment",
        "seg_acme_enterprise",
        { status: "draft" },
        { status: "active" },
        at(-37, "15:30:00.000Z"),
      ),
      audit(
        "aud_acme_pol_09",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "segment.created",
        "segment",
        "seg_acme_heads_up",
        null,
        { name: "Heads-up before due", priority: 30, status: "active" },
        at(-30),
      ),
      audit(
        "aud_acme_pol_10",
        "usr_acme_operator",
        "Priya Raman",
        "approval.requested",
        "approval",
        "apr_acme_seed_4",
        null,
        { kind: "discount", amount_minor: 20000 },
        at(-9, "10:00:00.000Z"),
      ),
      audit(
        "aud_acme_pol_11",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "approval.approved",
        "approval",
        "apr_acme_seed_4",
        { status: "pending" },
        { status: "approved", comment: "Within the policy cap." },
        at(-8, "11:30:00.000Z"),
      ),
      audit(
        "aud_acme_pol_12",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "segment.created",
        "segment",
        "seg_acme_mid",
        null,
        { name: "Mid-aged 31-60", priority: 40, status: "draft" },
        at(-5),
      ),
      audit(
        "aud_acme_pol_13",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "cadence.created",
        "cadence",
        "cad_acme_confident",
        null,
        { version: 1, name: "Confident follow-up", tone: "confident" },
        at(-3),
      ),
      audit(
        "aud_acme_pol_14",
        "usr_acme_controller",
        "Dana Whitfield",
        "cadence.version_created",
        "cadence",
        "cad_acme_neutral",
        null,
        { version: 2, max_sends_per_day: 400, escalate_after_days: 18 },
        at(-2),
      ),
      audit(
        "aud_acme_pol_15",
        "usr_acme_csm",
        "Sofia Alvarez",
        "approval.requested",
        "approval",
        "apr_acme_seed_2",
        null,
        { kind: "credit", amount_minor: 620000 },
        at(-2, "16:45:00.000Z"),
      ),
      audit(
        "aud_acme_pol_16",
        "usr_acme_cfo",
        "Elena Novak",
        "approval.signed",
        "approval",
        "apr_acme_seed_2",
        { approvals_given: 0 },
        { approvals_given: 1, approvals_required: 2 },
        at(-1, "10:12:00.000Z"),
      ),
      audit(
        "aud_acme_pol_17",
        "usr_acme_operator",
        "Priya Raman",
        "approval.requested",
        "approval",
        "apr_acme_seed_1",
        null,
        { kind: "discount", amount_minor: 35000 },
        at(-1, "13:20:00.000Z"),
      ),
      audit(
        "aud_acme_pol_18",
        "usr_acme_ar_manager",
        "Marcus Chen",
        "approval.requested",
        "approval",
        "apr_acme_seed_3",
        null,
        { kind: "write_off", amount_minor: 80000 },
        at(0, "09:05:00.000Z"),
      ),
    ]),
  )
  return out
}
