// Counts the shared store's failed operations (chatops_persistence_errors_total, operation
// store-op) for every caller at once: each script says in chat or logs what a failure meant
// to it, and none of them would count it the same way. The store is wrapped, not changed,
// so a FileStore keeps its own members (listsFile) and instanceof still holds.
import type { Robot } from 'hubot'
import { countPersistenceError } from '../core/metrics.ts'
import { RedisStore, type Claim, type SharedStore } from '../store/index.ts'

// Health checks (ping) and shutdown (close) are not the bot's data failing.
const OPERATIONS = new Set<string>(['get', 'set', 'setIfAbsent', 'claim', 'compareAndSet', 'delete', 'keys', 'append', 'tail'])

export function countedStore (store: SharedStore, robot: Robot): SharedStore {
  // The memory store only runs in tests, in the file store's place.
  const backend = store instanceof RedisStore ? 'redis' : 'file'
  return new Proxy(store, {
    get (target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver)
      if (typeof name !== 'string' || !OPERATIONS.has(name) || typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        let result: unknown
        try {
          result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
        } catch (err) {
          countPersistenceError(robot, backend, 'store-op')
          throw err
        }
        // A claim is answered before it is saved: a failed save counts when it fails.
        if (name !== 'claim') return result
        const claim = result as Claim
        return { won: claim.won, durable: claim.durable.catch((err: unknown) => { countPersistenceError(robot, backend, 'store-op'); throw err }) }
      }
    }
  })
}
