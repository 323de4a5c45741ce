// What every vendor script test asks of its bot: the one reply to a line, and the requests
// the fake got since the last look (request counts are part of each command's contract).
import type { TestBot } from './bot.ts'

/** The reply to `text` said by `user`; throws unless there was exactly one. */
export async function oneReply (bot: TestBot, user: string, text: string): Promise<string> {
  const replies = await bot.say(user, text)
  if (replies.length !== 1) throw new Error(`expected one reply to "${text}", got ${replies.length}: ${JSON.stringify(replies)}`)
  return replies[0]
}

/** Reads `log`, formatted, from where the last read stopped; `restart()` after the log is emptied. */
export function newEntries<T> (log: readonly T[], format: (entry: T) => string): (() => string[]) & { restart: () => void } {
  let seen = 0
  const read = (): string[] => {
    const out = log.slice(seen).map(format)
    seen = log.length
    return out
  }
  return Object.assign(read, { restart: () => { seen = 0 } })
}
