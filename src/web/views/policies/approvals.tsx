// The approvals inbox: pending requests first, with who must decide and how many signatures remain.
import type { approvalDetail, approvalList } from "../../../db/approvals"
import { formatMoney } from "../../../domain/money"
import { approvesBelowHighOnly, can, isRole, roleLabels } from "../../../domain/roles"
import { kindLabels } from "../../../services/approval-emails"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"

type Item = Awaited<ReturnType<typeof approvalList>>[number]
type Detail = NonNullable<Awaited<ReturnType<typeof approvalDetail>>>

export function ApprovalStatus({ status }: { status: string }) {
  return (
    <Badge tone={status === "approved" ? "good" : status === "rejected" ? "bad" : status === "pending" ? "warn" : "neutral"}>
      {status.charAt(0).toUpperCase() + status.slice(1)}
    </Badge>
  )
}

const rolesText = (roles: string[]) =>
  roles
    .filter(isRole)
    .map((r) => roleLabels[r])
    .join(" or ") || "—"

/** Why this member cannot sign (shown instead of the buttons), or null. */
function signBlock(member: Member, a: Item["approval"], signedBy: string[]): string | null {
  if (!can(member.role, "approve")) return "Your role does not approve."
  if (!a.requiredRoles.includes(member.role)) return `Needs ${rolesText(a.requiredRoles)}.`
  if (a.approvalsRequired >= 2 && approvesBelowHighOnly.includes(member.role))
    return "Above the dual sign-off amount: not for A/R Managers."
  if (member.userId && a.requestedBy === member.userId) return "You requested this; another approver decides."
  if (member.userId && signedBy.includes(member.userId)) return "You signed; a second, different approver is needed."
  return null
}

export function DecisionForms({ member, item }: { member: Member; item: Pick<Item, "approval" | "decisions"> }) {
  const a = item.approval
  if (a.status !== "pending") return null
  const block = signBlock(
    member,
    a,
    item.decisions.map((d) => d.d.userId),
  )
  if (block) return <p class="muted small">{block}</p>
  return (
    <form method="post" action={`/work/approvals/${a.id}/approve`} class="stack approval-form">
      <CsrfField token={member.csrfToken} />
      <div class="field">
        <label for={`cm-${a.id}`}>Comment</label>
        <input type="text" id={`cm-${a.id}`} name="comment" maxlength={2000} placeholder="Required to reject" />
      </div>
      <div class="row">
        <button class="btn btn-primary btn-small" type="submit">
          Approve
        </button>
        <button class="btn btn-danger btn-small" type="submit" formaction={`/work/approvals/${a.id}/reject`}>
          Reject
        </button>
      </div>
    </form>
  )
}

function ItemRow({ member, item }: { member: Member; item: Item }) {
  const a = item.approval
  const given = item.decisions.filter((d) => d.d.decision === "approve").length
  return (
    <tr>
      <td>
        <a href={`/work/approvals/${a.id}`}>{kindLabels[a.kind]}</a>
        <div class="small muted">{a.createdAt.slice(0, 16).replace("T", " ")} UTC</div>
      </td>
      <td>
        {item.customerName ?? "—"}
        {a.invoiceId && (
          <div class="small">
            <a href={`/work/invoices/${a.invoiceId}`}>{item.invoiceNumber}</a>
          </div>
        )}
      </td>
      <td class="right num">{formatMoney(a.amountMinor, a.currency)}</td>
      <td>
        {a.requestedByLabel ?? "—"}
        {a.reason && <div class="small muted">{a.reason}</div>}
      </td>
      <td>
        {rolesText(a.requiredRoles)}
        <div class="small muted">
          {a.approvalsRequired >= 2 ? `Dual sign-off: ${given} of 2` : a.approvalsRequired === 0 ? "Granted by policy" : "One approver"}
        </div>
      </td>
      <td>
        <ApprovalStatus status={a.status} />
        {item.decisions.length > 0 && (
          <ul class="decision-list small">
            {item.decisions.map((d) => (
              <li>
                {d.d.decision === "approve" ? "Approved" : "Rejected"} by {d.name ?? d.email ?? "API key"}{" "}
                {d.d.comment && <span class="muted">“{d.d.comment}”</span>}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <DecisionForms member={member} item={item} />
      </td>
    </tr>
  )
}

export function ApprovalsPage({
  member,
  pending,
  decided,
  notice,
  error,
}: {
  member: Member
  pending: Item[]
  decided: Item[]
  notice?: string
  error?: string
}) {
  const head = (
    <thead>
      <tr>
        <th>Request</th>
        <th>Customer / invoice</th>
        <th class="right">Amount</th>
        <th>Requested by</th>
        <th>Approvers</th>
        <th>Status</th>
        <th></th>
      </tr>
    </thead>
  )
  return (
    <Layout title="Approvals" member={member} active="/work/approvals">
      <PageHeader
        title="Approvals"
        subtitle="Discounts, credits and payment plans that need a decision. Above the policy's high threshold two different approvers sign, neither the requester."
      />
      {notice && <Flash kind="good">{notice}</Flash>}
      {error && <Flash kind="bad">{error}</Flash>}
      {can(member.role, "propose") && (
        <form method="get" action="/work/approvals/new" class="filters card">
          <div class="field">
            <label for="r-inv">Request a discount, credit or write-off on invoice</label>
            <input type="text" id="r-inv" name="invoice_number" required placeholder="Invoice number, e.g. INV-10050" />
          </div>
          <button class="btn" type="submit">
            Start request
          </button>
        </form>
      )}
      <section class="card">
        <h2>Waiting for a decision ({pending.length})</h2>
        {pending.length === 0 ? (
          <EmptyState title="Nothing waiting">
            Requests appear here when an operator proposes a discount or credit from an invoice, or a payer proposes a plan in the portal.
          </EmptyState>
        ) : (
          <div class="table-wrap">
            <table>
              {head}
              <tbody>
                {pending.map((i) => (
                  <ItemRow member={member} item={i} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card">
        <h2>Recently decided</h2>
        {decided.length === 0 ? (
          <p class="muted">No decisions yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              {head}
              <tbody>
                {decided.map((i) => (
                  <ItemRow member={member} item={i} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  )
}

export function ApprovalDetailPage({ member, d }: { member: Member; d: Detail }) {
  const a = d.approval
  return (
    <Layout title={`${kindLabels[a.kind]} request`} member={member} active="/work/approvals">
      <PageHeader
        title={`${kindLabels[a.kind]} of ${formatMoney(a.amountMinor, a.currency)}`}
        subtitle={<ApprovalStatus status={a.status} />}
        actions={
          <a class="btn btn-quiet" href="/work/approvals">
            Approvals inbox
          </a>
        }
      />
      <div class="grid grid-2">
        <section class="card">
          <dl class="p-facts">
            <dt>Customer</dt>
            <dd>{d.customerName ?? "—"}</dd>
            <dt>Invoice</dt>
            <dd>{a.invoiceId ? <a href={`/work/invoices/${a.invoiceId}`}>{d.invoiceNumber}</a> : "—"}</dd>
            <dt>Requested by</dt>
            <dd>{a.requestedByLabel ?? "—"}</dd>
            <dt>Reason</dt>
            <dd>{a.reason ?? "—"}</dd>
            <dt>Approvers</dt>
            <dd>
              {rolesText(a.requiredRoles)} ·{" "}
              {a.approvalsRequired >= 2 ? "two different approvers" : a.approvalsRequired === 0 ? "granted by policy" : "one approver"}
            </dd>
          </dl>
        </section>
        <section class="card">
          <h2>Decisions</h2>
          {d.decisions.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <ul class="plain-list">
              {d.decisions.map((x) => (
                <li>
                  {x.d.decision === "approve" ? <Badge tone="good">Approved</Badge> : <Badge tone="bad">Rejected</Badge>}{" "}
                  {x.name ?? x.email ?? "API key"} ({isRole(x.d.role) ? roleLabels[x.d.role] : x.d.role}),{" "}
                  {x.d.createdAt.slice(0, 16).replace("T", " ")} UTC {x.d.comment && <div class="muted">“{x.d.comment}”</div>}
                </li>
              ))}
            </ul>
          )}
          <DecisionForms member={member} item={d} />
        </section>
      </div>
    </Layout>
  )
}
