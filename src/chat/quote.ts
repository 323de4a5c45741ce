// What a user typed, fit to be echoed back: bounded, on one line, without control
// characters. A reply that repeats a 1 MB argument would flood the room (and exceed
// Slack's limits), and raw ANSI escapes would repaint the terminal.
import { stripControls } from './controls.ts'

export const ECHO_LIMIT = 60

/** `text` cut to `limit` characters (with "…" when cut), whitespace runs folded, controls dropped. */
export function quoteInput (text: string, limit = ECHO_LIMIT): string {
  const head = text.length > limit * 4 ? text.slice(0, limit * 4) : text
  const clean = stripControls(head).replace(/\s+/g, ' ').trim()
  return clean.length > limit || head.length < text.length ? `${clean.slice(0, limit)}…` : clean
}
