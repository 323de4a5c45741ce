import { ManualClock } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/memory.ts'
import { storeContract } from './contract.ts'

storeContract('memory', async () => {
  const clock = new ManualClock()
  const store = new MemoryStore({ clock })
  return { a: store, b: store, ttlMs: 1000, pass: async (ms) => clock.advance(ms), done: () => store.close() }
})
