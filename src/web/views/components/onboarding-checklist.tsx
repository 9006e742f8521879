// "Get started" on the Overview for an organisation not yet live: the Quick Start's five steps ticked from real
// state, each linking to where it is done, the Data-Ready checklist and its history beside it. Renders nothing
// once a segment has produced outreach. Async: it reads its own state, so a page includes it with one line.
import { getContext } from "hono/context-storage"
import { can } from "../../../domain/roles"
import { onboardingState } from "../../../services/onboarding"
import type { AppEnv, Member } from "../../env"
import { DataReadyWidget } from "./data-ready"
import { DataReadyHistory } from "./data-ready-history"
import { CsrfField } from "./ui"

export async function GetStarted({ member }: { member: Member }) {
  const db = getContext<AppEnv>().var.db
  const s = await onboardingState(db, member.orgId, member.planTier, new Date())
  if (s.live) return null
  const next = s.steps.find((x) => !x.done)
  const waitingForDrafts = s.facts.shadowSegments > 0 && s.facts.segmentOutreach === 0
  return (
    <div class="onboarding-grid" id="get-started">
      <section class="card" aria-labelledby="get-started-title">
        <div class="row">
          <h2 id="get-started-title">Get started</h2>
          <span class="muted small">
            {s.done} of {s.steps.length} done · live in Shadow Mode when a segment has drafts in the queue
          </span>
        </div>
        <progress class="meter" max={s.steps.length} value={s.done} aria-label="Steps done">{`${s.done} of ${s.steps.length}`}</progress>
        <ol class="checklist">
          {s.steps.map((step, i) => (
            <li class={step.done ? "done" : step === next ? "next" : ""} data-step={step.key}>
              <span class="mark" aria-hidden="true">
                {step.done ? "✓" : i + 1}
              </span>
              <span class="step-title">
                {step.title}
                <span class="sr-only">{step.done ? " (done)" : " (to do)"}</span>
              </span>
              <span class="step-detail">{step.detail}</span>
              <span class="step-action">
                {step.key === "shadow" && waitingForDrafts && can(member.role, "admin") ? (
                  <form method="post" action="/admin/onboarding/first-drafts">
                    <CsrfField token={member.csrfToken} />
                    <button class={`btn ${step === next ? "btn-primary" : "btn-quiet"}`} type="submit">
                      Draft now
                    </button>
                  </form>
                ) : (
                  <a class={`btn ${step === next ? "btn-primary" : "btn-quiet"}`} href={step.href}>
                    {step.done ? "Review" : step.action}
                  </a>
                )}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <div>
        <DataReadyWidget result={s.dataReady} streakDays={s.streak} />
        <DataReadyHistory history={s.history} streak={s.streak} />
      </div>
    </div>
  )
}
