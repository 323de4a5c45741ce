// Which configured rule applies to a listener: its exact id first, even over a glob that is
// longer (more specific-looking) and matches it too; among globs, the longest.
import { afterEach, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { ManualClock, approvalBot, as, runs } from './approval-harness.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function start (rules: Record<string, unknown>): Promise<TestBot> {
  bot = await approvalBot({ clock: new ManualClock(), env: { HUBOT_APPROVAL_RULES: JSON.stringify(rules) } })
  return bot
}

const needs = (lines: string[]): string | undefined => /(\d+ approvals? needed from '[^']+')/.exec(lines.join('\n'))?.[1]

test('an exact listener id beats the longest glob that also matches it', async () => {
  // "deploy.run*" is longer than "deploy.run" and matches it ("*" matches nothing).
  const b = await start({ 'deploy.*': { group: 'security' }, 'deploy.run*': { group: 'deployers', quorum: 2 }, 'deploy.run': { group: 'dba' } })
  expect(needs(await as(b, 'U-alice', 'hubot deploy app to production'))).toBe("1 approval needed from 'dba'")
})

test('an exact id set to null (no approval) beats a glob that asks for one', async () => {
  const b = await start({ 'deploy.run*': { group: 'deployers', quorum: 2 }, 'deploy.run': null })
  expect(await as(b, 'U-alice', 'hubot deploy app to production')).toEqual(['RAN deploy app to production as U-alice in general'])
  expect(runs(b)).toHaveLength(1)
})

test('without an exact id, the longest matching glob wins, whatever the order rules were written in', async () => {
  const b = await start({ '*': { group: 'security' }, 'deploy.*': { group: 'deployers', quorum: 2 }, 'deploy.e*': { group: 'dba' }, 'db.*': { group: 'auditor' } })
  expect(needs(await as(b, 'U-alice', 'hubot explode'))).toBe("1 approval needed from 'dba'")
  expect(needs(await as(b, 'U-alice', 'hubot deploy app to production'))).toBe("2 approvals needed from 'deployers'")
  expect(needs(await as(b, 'U-alice', 'hubot restart api'))).toBe("1 approval needed from 'security'")
})
