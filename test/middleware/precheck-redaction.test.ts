// Error sentences that middleware says itself (a failed precheck, fail-closed) do not go
// through the error sink, but they can quote a vendor all the same: formatError scrubs
// every sentence it makes, wherever it is said.
import { afterEach, expect, test } from '@jest/globals'
import { ServiceError } from '../../src/core/errors.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

test('a precheck that fails with vendor text holding a secret: the reply is redacted', async () => {
  bot = await startTestBot({ scripts: ['help.ts', 'approvals.ts'] })
  let ran = false
  bot.robot.respond(/vendor thing$/i, {
    id: 'test.vendor-thing',
    approval: { group: 'oncall' },
    precheck: async () => { throw new ServiceError('Vendor', 'bad_request', 'refused: Authorization Bearer abcdef123456 and ?api_key=s3cr3tvalue') }
  } as never, async () => { ran = true })
  expect(await bot.say('alice', 'hubot vendor thing')).toEqual(['alice: Vendor: refused: Authorization Bearer [REDACTED] and ?api_key=[REDACTED] (check the command and try again)'])
  expect(ran).toBe(false)
})
