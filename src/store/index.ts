// The shared store's public face: the interface, its backends (file: embedded default,
// Redis: REDIS_URL, memory: tests) and the crash-safe file writes the embedded brain
// shares. Code outside store/ imports from here; modules inside import each other.
export type { Claim, SharedStore, WriteOptions } from './types.ts'
export { MemoryStore } from './memory.ts'
export { FileStore, type FileStoreOptions } from './file.ts'
export { RedisStore } from './redis.ts'
export { probeWritable, readJsonFile, removeStaleTemps, SerialWriter, writeFileAtomic, type AtomicWrite } from './atomic-file.ts'
