// idle(): every waiter, however many wait at once, resolves only when nothing runs,
// including work started while they waited; a wait after that waits for new work anew.
import { expect, test } from '@jest/globals'
import { WorkTracker } from '../../src/core/work-tracker.ts'

const deferred = (): { promise: Promise<void>, resolve: () => void } => {
  let settle!: () => void
  const promise = new Promise<void>(resolve => { settle = resolve })
  return { promise, resolve: settle }
}

test('many waiters at once all wait for all work, including work started meanwhile', async () => {
  const work = new WorkTracker()
  const first = deferred()
  const later = deferred()
  void work.track(first.promise)
  let idled = 0
  const waiters = Array.from({ length: 50 }, async () => { await work.idle(); idled++ })
  void work.track(later.promise)
  first.resolve()
  await new Promise(resolve => setImmediate(resolve))
  expect(idled).toBe(0)
  later.resolve()
  await Promise.all(waiters)
  expect(idled).toBe(50)
  expect(work.size).toBe(0)
})

test('after an idle wait has ended, new work is waited for, not the ended wait', async () => {
  const work = new WorkTracker()
  const one = deferred()
  void work.track(one.promise)
  const firstWait = work.idle()
  one.resolve()
  await firstWait
  const two = deferred()
  void work.track(two.promise)
  let done = false
  const secondWait = work.idle().then(() => { done = true })
  await new Promise(resolve => setImmediate(resolve))
  expect(done).toBe(false)
  two.resolve()
  await secondWait
  expect(done).toBe(true)
})
