// One brain save as one Lua script (atomic on the server): every changed slot is written
// only if Redis still holds what this process last saw there, and the change is announced
// in the same step. A blind HSET would let two processes that changed one user at the
// same moment (two roles granted) silently drop one change; here the later save finds
// the slot changed under it, merges, and tries again.
//
// Each save also counts up <prefix>brain:version. The count never goes down, except
// when Redis loses data (a restart without persistence, an older snapshot, keys deleted
// by hand): a save that finds it below what this process has seen writes nothing and
// reports the loss, so the caller restores its copy instead of trusting the emptiness.
//
// The script is loaded once (SCRIPT LOAD) and then called by its SHA-1 (EVALSHA); a Redis
// that lost it (restarted, SCRIPT FLUSH) answers NOSCRIPT and that save sends it whole.
// The expected value travels as its SHA-1 too: a user change sends the user's JSON once.
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { SLOT_KINDS, type SlotKind } from './slots.ts'

// KEYS: the users, private and data hashes, then the version key. ARGV[1] channel,
// ARGV[2] announcement, ARGV[3] the lowest version this process accepts, then per slot:
// hash index (1-3), field, SHA-1 hex of the expected JSON ('' = absent), next JSON
// ('' = delete). JSON is never the empty string, so '' is free to mean "no value".
// Returns {0, new version}, {1, conflicting slot indices...} or {2, version found (-1: none)}.
const SCRIPT = `
local found = tonumber(redis.call('GET', KEYS[4]) or '-1')
if found < tonumber(ARGV[3]) then return {2, found} end
local conflicts = {1}
for i = 4, #ARGV, 4 do
  local current = redis.call('HGET', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  if (current and redis.sha1hex(current) or '') ~= ARGV[i + 2] then table.insert(conflicts, (i - 4) / 4) end
end
if #conflicts > 1 then return conflicts end
for i = 4, #ARGV, 4 do
  if ARGV[i + 3] == '' then
    redis.call('HDEL', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  else
    redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 3])
  end
end
local version = redis.call('INCR', KEYS[4])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return {0, version}`

const SCRIPT_SHA = sha1(SCRIPT)

function sha1 (text: string): string { return createHash('sha1').update(text).digest('hex') }

/** Loads the script into Redis's script cache, so saves can call it by SHA-1. */
export async function loadWriteScript (client: Redis): Promise<void> {
  await client.script('LOAD', SCRIPT)
}

export interface SlotWrite { kind: SlotKind, field: string, expected: string | undefined, next: string | undefined }

export type WriteResult =
  | { kind: 'written', version: number }
  | { kind: 'conflicts', indices: number[] }
  | { kind: 'lost', found: number }

/** Writes all slots and announces them, or nothing: conflicts name the slots that changed under us. */
export async function writeIfUnchanged (client: Redis, hash: (kind: SlotKind) => string, versionKey: string, minVersion: number, channel: string, announcement: string, writes: SlotWrite[]): Promise<WriteResult> {
  const args: string[] = [channel, announcement, String(minVersion)]
  for (const w of writes) args.push(String(SLOT_KINDS.indexOf(w.kind) + 1), w.field, w.expected === undefined ? '' : sha1(w.expected), w.next ?? '')
  const keys = [...SLOT_KINDS.map(hash), versionKey]
  let reply: unknown
  try {
    reply = await client.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args)
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err
    reply = await client.eval(SCRIPT, keys.length, ...keys, ...args)
  }
  const [status, ...rest] = (reply as number[]).map(Number)
  if (status === 0) return { kind: 'written', version: rest[0] }
  if (status === 2) return { kind: 'lost', found: rest[0] }
  return { kind: 'conflicts', indices: rest }
}
