// Tone presets: the default steps of a new cadence, one template file per tone and step under templates/.
import confidentD00 from "../../templates/confident/day-00.txt"
import confidentD07 from "../../templates/confident/day-07.txt"
import confidentD14 from "../../templates/confident/day-14.txt"
import confidentD21 from "../../templates/confident/day-21.txt"
import confidentDm3 from "../../templates/confident/day-minus-03.txt"
import formalD00 from "../../templates/formal/day-00.txt"
import formalD07 from "../../templates/formal/day-07.txt"
import formalD14 from "../../templates/formal/day-14.txt"
import formalD21 from "../../templates/formal/day-21.txt"
import formalDm3 from "../../templates/formal/day-minus-03.txt"
import neutralD00 from "../../templates/neutral/day-00.txt"
import neutralD07 from "../../templates/neutral/day-07.txt"
import neutralD14 from "../../templates/neutral/day-14.txt"
import neutralD21 from "../../templates/neutral/day-21.txt"
import neutralDm3 from "../../templates/neutral/day-minus-03.txt"

export const tones = ["formal", "neutral", "confident"] as const
export type Tone = (typeof tones)[number]
export const toneLabels: Record<Tone, string> = { formal: "Formal", neutral: "Neutral", confident: "Confident" }

/** Day offsets of the preset steps, relative to the due date (negative = before it). */
export const presetOffsets = [-3, 0, 7, 14, 21] as const

const files: Record<Tone, string[]> = {
  formal: [formalDm3, formalD00, formalD07, formalD14, formalD21],
  neutral: [neutralDm3, neutralD00, neutralD07, neutralD14, neutralD21],
  confident: [confidentDm3, confidentD00, confidentD07, confidentD14, confidentD21],
}

export type PresetStep = { offset_days: number; channel: "email"; subject: string; body: string }

/** A template file: a `Subject:` first line, a blank line, then the body. */
export function parseTemplateFile(text: string): { subject: string; body: string } {
  const normalised = text.replace(/\r\n?/g, "\n")
  const m = /^Subject:[ \t]*(.*)\n+([\s\S]*)$/.exec(normalised)
  if (!m) throw new Error("A template file starts with a 'Subject:' line")
  return { subject: m[1].trim(), body: m[2].trim() }
}

export function presetSteps(tone: Tone): PresetStep[] {
  return files[tone].map((text, i) => ({ offset_days: presetOffsets[i], channel: "email", ...parseTemplateFile(text) }))
}

/** "Day -3", "Day 0", "Day 7". */
export function stepLabel(offsetDays: number): string {
  return `Day ${offsetDays}`
}
