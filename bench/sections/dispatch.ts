// Dispatch: messages per second and per-message latency through the whole pipeline as
// `npm start` builds it, against stock hubot 14 with as many trivial listeners. Each side
// runs in its own process, rounds alternating which goes first.
import path from 'node:path'
import type { SectionRun } from '../types.ts'
import { runChild } from '../lib/child.ts'
import { alternate, pairedRow } from '../lib/rounds.ts'
import type { DispatchReport } from '../workers/dispatch.ts'
import { MIX, UNMATCHED } from '../lib/mix.ts'

const WORKER = path.join(import.meta.dirname, '..', 'workers', 'dispatch.ts')

export const run: SectionRun = async ({ quick }) => {
  const rounds = quick ? 2 : 5
  const count = quick ? 1000 : 4000
  // Ours first, once, to learn how many listeners the stock robot gets.
  let listeners = (await runChild<DispatchReport>(WORKER, ['ours', '0', String(Math.min(count, 500))])).listeners
  const paired = await alternate(rounds,
    async () => {
      const r = await runChild<DispatchReport>(WORKER, ['ours', '0', String(count)])
      listeners = r.listeners
      return r
    },
    async () => await runChild<DispatchReport>(WORKER, ['stock', String(listeners), String(count)]))
  // Both sides must answer the same lines, or the comparison is between different work.
  const replies = (r: DispatchReport[]): number => Math.min(...r.map(x => x.mix.replies))
  return {
    name: 'dispatch',
    rows: [
      { measure: `mix, replies per ${count} messages`, ours: replies(paired.ours), peer: replies(paired.peer), unit: '', ratio: null, target: '= peer (same work)', met: replies(paired.ours) === replies(paired.peer) },
      pairedRow(paired, { measure: 'mix, messages/s', unit: 'msg/s', pick: r => r.mix.perSecond, target: { atLeast: 0.9 } }),
      pairedRow(paired, { measure: 'mix, p50 per message', unit: 'us', pick: r => r.mix.p50Us }),
      pairedRow(paired, { measure: 'mix, p99 per message', unit: 'us', pick: r => r.mix.p99Us }),
      pairedRow(paired, { measure: 'unmatched, messages/s', unit: 'msg/s', pick: r => r.unmatched.perSecond, target: { atLeast: 0.9 } }),
      pairedRow(paired, { measure: 'unmatched, p50 per message', unit: 'us', pick: r => r.unmatched.p50Us }),
      pairedRow(paired, { measure: 'unmatched, p99 per message', unit: 'us', pick: r => r.unmatched.p99Us })
    ],
    data: { rounds, messagesPerRound: count, listeners, mix: MIX, unmatched: UNMATCHED, ours: paired.ours, stock: paired.peer },
    notes: [`${listeners} listeners on each side; ${rounds} rounds of ${count} messages per list, each side in its own process`]
  }
}
