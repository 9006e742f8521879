// Who must approve a discount, credit, plan or write-off: the policy's thresholds decide the roles and 1 or 2 signers.
import { approvesBelowHighOnly, can, isRole, roleLabels, type Role } from "./roles"

export type ApprovalPolicy = {
  approvalThresholdMinor: number | null
  highApprovalThresholdMinor: number | null
  approverRoles: string[] | null
}

export type Requirement =
  /** Below the approval threshold: granted by policy, no approver needed. */
  | { level: "auto"; requiredRoles: Role[]; approvalsRequired: 0 }
  | { level: "single"; requiredRoles: Role[]; approvalsRequired: 1 }
  /** At or above the high threshold: two different approvers, neither the requester. */
  | { level: "dual"; requiredRoles: Role[]; approvalsRequired: 2 }

export const defaultApproverRoles: Role[] = ["controller", "ar_manager", "cfo"]

/** The configured approver roles that may approve at all (roles.ts `approve`), else the defaults. */
export function approverRolesOf(policy: ApprovalPolicy): Role[] {
  const configured = (policy.approverRoles ?? []).filter(isRole).filter((r) => can(r, "approve"))
  return configured.length ? configured : defaultApproverRoles
}

export function approvalRequirement(policy: ApprovalPolicy, amountMinor: number): Requirement {
  const roles = approverRolesOf(policy)
  if (policy.highApprovalThresholdMinor != null && amountMinor >= policy.highApprovalThresholdMinor) {
    const senior = roles.filter((r) => !approvesBelowHighOnly.includes(r))
    return { level: "dual", requiredRoles: senior.length ? senior : ["controller", "cfo"], approvalsRequired: 2 }
  }
  if (policy.approvalThresholdMinor != null && amountMinor < policy.approvalThresholdMinor)
    return { level: "auto", requiredRoles: [], approvalsRequired: 0 }
  return { level: "single", requiredRoles: roles, approvalsRequired: 1 }
}

export type SignerCheck = {
  role: Role
  signerId: string | null
  requestedBy: string | null
  requiredRoles: string[]
  approvalsRequired: number
  alreadySignedBy: string[]
}

/** Why this person may not sign (a sentence), or null when they may. */
export function signerRefusal(c: SignerCheck): { status: 403 | 422; message: string } | null {
  const names = c.requiredRoles
    .filter(isRole)
    .map((r) => roleLabels[r])
    .join(", ")
  if (!c.requiredRoles.includes(c.role)) return { status: 403, message: `This request needs an approver with one of these roles: ${names}` }
  if (c.approvalsRequired >= 2 && approvesBelowHighOnly.includes(c.role))
    return { status: 403, message: `${roleLabels[c.role]} approves only below the high threshold; this request needs ${names}` }
  if (!c.signerId) return { status: 403, message: "Only a signed-in person or their API key can decide an approval" }
  if (c.requestedBy && c.signerId === c.requestedBy)
    return { status: 422, message: "The requester cannot approve their own request; another approver must decide it" }
  if (c.alreadySignedBy.includes(c.signerId))
    return { status: 422, message: "You have already signed this request; it needs a second, different approver" }
  return null
}
