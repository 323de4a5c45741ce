// Shared setup for the approval tests: a real robot with the approvals script and a
// test-only script of privileged commands (test/fixtures/scripts/approval-fixture.ts),
// a manual clock, and a team with roles.
import path from 'node:path'
import { ROOT, ManualClock, startTestBot, type TestBot, type TestBotOptions } from '../helpers/bot.ts'

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'scripts')

export const TEAM: Record<string, { name: string, roles: string[] }> = {
  'U-alice': { name: 'alice', roles: ['deployers', 'break-glass'] },
  'U-bob': { name: 'bob', roles: ['deployers', 'dba'] },
  'U-carol': { name: 'carol', roles: ['deployers', 'dba'] },
  'U-dave': { name: 'dave', roles: [] },
  'U-erin': { name: 'erin', roles: ['auditor'] }
}

export async function approvalBot (options: TestBotOptions & { clock: ManualClock, fixture?: boolean }): Promise<TestBot> {
  const bot = await startTestBot({ ...options, scripts: ['help.ts', 'approvals.ts'] })
  if (options.fixture !== false) await bot.robot.loadFile(FIXTURES, 'approval-fixture.ts')
  for (const [id, { name, roles }] of Object.entries(TEAM)) bot.robot.brain.userForId(id, { name, roles: [...roles] })
  return bot
}

/** Says text as a team member (their name, default room "general"). */
export async function as (bot: TestBot, userId: string, text: string, room = 'general'): Promise<string[]> {
  return await bot.say(userId, text, { room, name: TEAM[userId]?.name ?? userId })
}

/** The request id in a request message. */
export function idIn (lines: string[]): string {
  const m = /approve ([A-Z2-9]{6})"/.exec(lines.join('\n'))
  if (m == null) throw new Error(`no request id in ${JSON.stringify(lines)}`)
  return m[1]
}

/** Lines the fixture says when a privileged command actually ran. */
export const runs = (bot: TestBot): string[] => bot.said().filter(s => s.startsWith('RAN'))

/** The approval decisions audited so far, in order. */
export const decisions = (bot: TestBot): string[] =>
  bot.logs.audit().filter(e => String(e.event).startsWith('approval.')).map(e => String(e.decision))

export { ManualClock }
