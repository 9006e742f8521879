// Evidence slots by dispute reason: the checklist finance needs before it can decide, which slots are filled,
// and "waiting on evidence" (a required slot still empty). Pure, no I/O.
import type { DisputeReason } from "./portal-rules"

export type EvidenceSlot = { key: string; label: string; required: boolean }

export const evidenceSlots: Record<DisputeReason, readonly EvidenceSlot[]> = {
  not_received: [
    { key: "proof_of_delivery", label: "Proof of delivery", required: true },
    { key: "signed_receipt", label: "Signed receipt", required: false },
  ],
  pricing: [
    { key: "contract_or_order_form", label: "Contract or order form", required: true },
    { key: "price_list", label: "Price list", required: false },
  ],
  quantity: [
    { key: "packing_list", label: "Packing list", required: true },
    { key: "delivery_note", label: "Delivery note", required: false },
  ],
  quality: [
    { key: "photos", label: "Photos", required: true },
    { key: "inspection_report", label: "Inspection report", required: true },
  ],
  duplicate: [
    { key: "other_invoice", label: "The other invoice", required: true },
    { key: "payment_proof", label: "Payment proof", required: false },
  ],
  other: [],
}

export function isEvidenceSlot(reason: DisputeReason, slot: string): boolean {
  return evidenceSlots[reason].some((s) => s.key === slot)
}

export type SlotState = EvidenceSlot & { filled: boolean; files: number }

/** Each slot of the reason with whether a file fills it. */
export function slotStates(reason: DisputeReason, evidence: readonly { slot: string | null }[]): SlotState[] {
  return evidenceSlots[reason].map((s) => {
    const files = evidence.filter((e) => e.slot === s.key).length
    return { ...s, filled: files > 0, files }
  })
}

/** The required slots still empty; a dispute with any is "waiting on evidence". */
export function missingRequired(reason: DisputeReason, evidence: readonly { slot: string | null }[]): EvidenceSlot[] {
  return slotStates(reason, evidence).filter((s) => s.required && !s.filled)
}

/** The missing required slots in words, for a reply asking for them ("Photos and Inspection report"). */
export function missingEvidenceText(reason: DisputeReason, evidence: readonly { slot: string | null }[]): string {
  const labels = missingRequired(reason, evidence).map((s) => s.label.toLowerCase())
  if (labels.length === 0) return "the documents you mentioned"
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`
}
