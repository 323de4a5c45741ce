// Which room hears about a repository or a pipeline: HUBOT_GITHUB_ROOMS / HUBOT_CI_ROOMS map
// exact names and globs to rooms. The exact name wins, then the longest glob that matches
// (so "acme/*" beats "*"), as approval rules do. Names match in any case.
import { escapeRegExp } from '../../core/regexp.ts'
import type { RoomMap } from '../../core/config-webhooks.ts'

const compiled = new Map<string, RegExp>()

function globMatches (glob: string, name: string): boolean {
  let re = compiled.get(glob)
  if (re == null) {
    re = new RegExp('^' + glob.split('*').map(escapeRegExp).join('.*') + '$', 's')
    compiled.set(glob, re)
  }
  return re.test(name)
}

/** The room for `name`, or null when no key matches. */
export function roomFor (rooms: RoomMap, name: string): string | null {
  const key = name.toLowerCase()
  if (Object.hasOwn(rooms, key)) return rooms[key]
  const globs = Object.keys(rooms).filter(k => k.includes('*') && globMatches(k, key)).sort((a, b) => b.length - a.length)
  return globs.length > 0 ? rooms[globs[0]] : null
}

/** The chat-facing room resolver: a configured name to what the adapter posts to. */
export type ResolveRoom = (room: string) => Promise<string>
