// The Slack outbox spaces posts a second apart per channel: it keeps each channel's last
// post only as long as that matters, not for every channel the bot ever posted to.
import { expect, test } from '@jest/globals'
import pino from 'pino'
import { Outbox } from '../../src/adapters/slack/outbox.ts'
import { ManualClock } from '../helpers/bot.ts'

test('ten thousand channels posted to once: only those within the last interval are remembered, and spacing still holds', async () => {
  const clock = new ManualClock()
  const outbox = new Outbox({ clock, log: pino({ level: 'silent' }), intervalMs: 1000 })
  for (let i = 0; i < 10_000; i++) {
    await outbox.run(`C${i}`, 'chat.postMessage', true, async () => undefined)
    clock.advance(1)
  }
  // Posted in the last second: C9000 onwards (each a millisecond after the one before).
  expect(outbox.spacedChannels).toBe(1000)
  // The latest channel still waits out its interval before the next post.
  const before = clock.sleeps.length
  await outbox.run('C9999', 'chat.postMessage', true, async () => undefined)
  expect(clock.sleeps.slice(before)).toEqual([999])
  // A channel whose last post is older than the interval posts at once.
  await outbox.run('C0', 'chat.postMessage', true, async () => undefined)
  expect(clock.sleeps.slice(before)).toEqual([999])
})
