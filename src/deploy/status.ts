// Live output in the room: a task's `::chat:: ` lines are posted without the prefix, at
// most one message per second per room (lines arriving meanwhile are coalesced into the
// next message), timed on the bot's clock. Also the start and end sentences.
import { utcMinute } from '../chat/time.ts'
import type { Clock } from '../core/clock.ts'
import { formatDuration } from '../core/duration.ts'
import type { RunRecord } from './history.ts'

export const CHAT_PREFIX = '::chat:: '
export const CHAT_INTERVAL_MS = 1000
/** A chat line longer than this is cut (the whole line is in the log). */
const CHAT_LINE_MAX = 500
/** Output lines shown when a run fails. */
export const FAILURE_LINES = 10

type Post = (text: string) => Promise<unknown>
interface RoomState { pending: string[], lastPost: number, flushing: Promise<void> | null, post: Post }

export class RoomPoster {
  private readonly rooms = new Map<string, RoomState>()
  constructor (private readonly clock: Clock, private readonly onError: (err: unknown) => void) {}

  /** Queues a line for `room`; it goes out with whatever else arrives within the second. */
  push (room: string, line: string, post: Post): void {
    const state = this.rooms.get(room) ?? { pending: [], lastPost: -Infinity, flushing: null, post }
    this.rooms.set(room, state)
    state.post = post
    state.pending.push(line.length > CHAT_LINE_MAX ? `${line.slice(0, CHAT_LINE_MAX)}…` : line)
    state.flushing ??= this.flush(state).catch(this.onError).finally(() => { state.flushing = null })
  }

  /** Resolves once everything queued for the room is posted. */
  async drain (room: string): Promise<void> {
    const state = this.rooms.get(room)
    while (state?.flushing != null) await state.flushing
  }

  private async flush (state: RoomState): Promise<void> {
    while (state.pending.length > 0) {
      const wait = state.lastPost + CHAT_INTERVAL_MS - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      const batch = state.pending.splice(0)
      state.lastPost = this.clock.now()
      await state.post(batch.join('\n'))
    }
  }
}

export function chatLine (line: string): string | null {
  return line.startsWith(CHAT_PREFIX) ? line.slice(CHAT_PREFIX.length) : null
}

const what = (r: RunRecord): string => `${r.task} ${r.app}/${r.ref} in ${r.env}`
const linkTo = (url: string | null): string => url != null ? ` Log: ${url}` : ''

export function durationText (ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))}ms` : formatDuration(ms)
}

export function startedText (r: RunRecord, logUrl: string | null): string {
  const approved = r.approvers.length > 0 ? `approved by ${r.approvers.join(', ')}` : 'no approval needed'
  return `deploy ${r.id} started: ${r.user.name} runs ${what(r)} (${approved}).${linkTo(logUrl)}`
}

export function endedText (r: RunRecord, timeoutMs: number, logUrl: string | null): string {
  const took = durationText((r.finished_at ?? r.started_at) - r.started_at)
  const code = r.exit_code != null ? `exit code ${r.exit_code}` : `no exit code${r.signal != null ? ` (${r.signal})` : ''}`
  let head: string
  if (r.result === 'succeeded') head = `deploy ${r.id} succeeded: ${what(r)} in ${took}, ${code}.`
  else if (r.result === 'timed out') head = `deploy ${r.id} timed out: ${what(r)} ran past its ${durationText(timeoutMs)} timeout; its process group was killed (${code}).`
  else if (r.result === 'cancelled') head = `deploy ${r.id} cancelled by ${r.cancelled_by ?? 'someone'}: ${what(r)} after ${took}; its process group was killed (${code}).`
  else head = `deploy ${r.id} failed: ${what(r)} in ${took}, ${code}.`
  const lines = r.result === 'succeeded' ? [] : r.tail.slice(-FAILURE_LINES)
  return `${head}${linkTo(logUrl)}${lines.length > 0 ? `\nLast ${lines.length} output lines:\n${lines.join('\n')}` : ''}`
}

export function summaryText (r: RunRecord): string {
  const took = r.finished_at != null ? durationText(r.finished_at - r.started_at) : 'running'
  const approved = r.approvers.length > 0 ? `approved by ${r.approvers.join(', ')}` : 'no approval'
  return `${r.id} ${r.user.name} ${what(r)}, ${approved}, started ${utcMinute(r.started_at)}, ${took}: ${r.result}`
}
