// Request economy: the HTTP requests each chat command makes at 10, 100 and 1000 objects,
// ours counted at the local fakes, the peers' (hubot-pager-me, zendesk.coffee,
// github-pulls.coffee) read from their code with file and line (bench/requests/peers.ts).
import type { Row, SectionRun } from '../types.ts'
import { ratioOf } from '../lib/stats.ts'
import { CASES, countRequests } from '../requests/cases.ts'
import { PEERS } from '../requests/peers.ts'

const SIZES = [10, 100, 1000]

export const run: SectionRun = async () => {
  const rows: Row[] = []
  const commands: Array<Record<string, unknown>> = []
  for (const c of CASES) {
    const peer = PEERS[c.name]
    if (peer == null) throw new Error(`no peer figure for "${c.name}" in bench/requests/peers.ts`)
    const sizes: Array<Record<string, unknown>> = []
    for (const size of SIZES) {
      const ours = await countRequests(c, size)
      const theirs = peer.requests(size)
      sizes.push({ size, ours: ours.requests, ours_requests: ours.paths, peer: theirs, peer_shows: peer.shows(size) })
      rows.push({
        measure: `${c.name}, ${size} ${c.objects}: HTTP requests`,
        ours: ours.requests,
        peer: theirs,
        unit: '',
        ratio: ratioOf(ours.requests, theirs),
        target: null,
        met: null
      })
    }
    commands.push({ command: c.name, said: c.text(1000).replace(/1000/, '<n>'), objects: c.objects, peer: peer.peer, peer_source: peer.cite, sizes })
  }
  return {
    name: 'requests',
    rows,
    data: { sizes: SIZES, commands },
    notes: [
      'ours: each command said once to a fresh robot (nothing cached) at a fresh fake holding that many objects, counted at the fake; every answer covers all of them (or says how many there are)',
      'peers: counted from their code (cited per command in results.json); they never ask for a second page, so their answers stop at the vendor default page: PagerDuty 25, Zendesk search 100, GitHub 30',
      ...CASES.map(c => `${PEERS[c.name].peer}: ${SIZES.map(s => `${s}: ${PEERS[c.name].shows(s)}`).join('; ')}`)
    ]
  }
}
