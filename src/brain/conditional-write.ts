// One brain save as one Lua script (atomic on the server): every changed slot is written
// only if Redis still holds what this process last saw there, and the change is announced
// in the same step. A blind HSET would let two processes that changed one user at the
// same moment (two roles granted) silently drop one change; here the later save finds
// the slot changed under it, merges, and tries again.
import type { Redis } from 'ioredis'
import { SLOT_KINDS, type SlotKind } from './slots.ts'

// KEYS: the users, private and data hashes. ARGV[1] channel, ARGV[2] announcement, then
// per slot: hash index (1-3), field, expected JSON ('' = absent), next JSON ('' = delete).
// JSON is never the empty string, so '' is free to mean "no value".
const SCRIPT = `
local conflicts = {}
for i = 3, #ARGV, 4 do
  local current = redis.call('HGET', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  if (current or '') ~= ARGV[i + 2] then table.insert(conflicts, (i - 3) / 4) end
end
if #conflicts > 0 then return conflicts end
for i = 3, #ARGV, 4 do
  if ARGV[i + 3] == '' then
    redis.call('HDEL', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  else
    redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 3])
  end
end
redis.call('PUBLISH', ARGV[1], ARGV[2])
return conflicts`

export interface SlotWrite { kind: SlotKind, field: string, expected: string | undefined, next: string | undefined }

/** Writes all slots and announces them, or nothing: resolves to the indices that changed under us. */
export async function writeIfUnchanged (client: Redis, hash: (kind: SlotKind) => string, channel: string, announcement: string, writes: SlotWrite[]): Promise<number[]> {
  const args: string[] = [channel, announcement]
  for (const w of writes) args.push(String(SLOT_KINDS.indexOf(w.kind) + 1), w.field, w.expected ?? '', w.next ?? '')
  const conflicts = await client.eval(SCRIPT, SLOT_KINDS.length, ...SLOT_KINDS.map(hash), ...args) as number[]
  return conflicts.map(Number)
}
