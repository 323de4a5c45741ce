// Brain persistence's public face: the interface, its backends (file: embedded default,
// Redis: REDIS_URL, memory: tests), saveBrainNow for a change that must be on disk
// before the bot answers, and noteUserChange for code that may have changed a user.
// Code outside brain/ imports from here; modules inside import each other.
export type { BrainPersistence } from './types.ts'
export { FileBrain, type FileBrainOptions } from './file.ts'
export { RedisBrain, type RedisBrainOptions } from './redis.ts'
export { MemoryBrain } from './memory.ts'
export { saveBrainNow } from './durable.ts'
export { noteUserChange } from './changes.ts'
