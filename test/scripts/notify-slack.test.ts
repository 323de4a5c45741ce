// Announcements on the real Slack adapter against the fake Slack: rooms written as #names
// are resolved to channel ids with one conversations.list (then kept), channel ids are used
// as written, a name not found lists again (at most once a minute) so a channel created
// since is found, and posts go through the adapter's per-channel outbox and its spacing.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startSlackBot, type SlackTestBot } from '../adapters/slack-harness.ts'
import { pagerDutySignature, post } from '../helpers/webhooks.ts'
import { fixture } from '../http/webhook-deliveries.ts'

const PD_SECRET = 'pd-secret-for-slack'
const CI_TOKEN = 'ci-token-for-slack-0123'
let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function slackBot (): Promise<SlackTestBot> {
  bot = await startSlackBot({
    httpd: true,
    scripts: ['notify-pagerduty.ts', 'notify-ci.ts'],
    joined: ['C0INCIDENTS', 'C0DEV', 'C0BUILDS', 'C0LATER'],
    before: (fake) => {
      fake.state.channels.push({ id: 'C0GENERAL', name: 'general' }, { id: 'C0INCIDENTS', name: 'incidents' }, { id: 'C0DEV', name: 'dev' }, { id: 'G0SECRET', name: 'sec-ops', is_private: true })
    },
    env: {
      PORT: '0',
      EXPRESS_BIND_ADDRESS: '127.0.0.1',
      HUBOT_PAGERDUTY_WEBHOOK_SECRET: PD_SECRET,
      HUBOT_PAGERDUTY_ROOM: '#incidents',
      HUBOT_CI_WEBHOOK_TOKEN: CI_TOKEN,
      HUBOT_CI_ROOMS: JSON.stringify({ 'api-*': 'dev', 'later-*': '#later', 'gone-*': '#nowhere', '*': 'C0BUILDS' })
    }
  })
  return bot
}

let n = 0
async function pagerduty (b: SlackTestBot): Promise<number> {
  const body = fixture('pagerduty/incident.triggered.json')
  const res = await post(b, '/hubot/pagerduty', body, { 'x-pagerduty-signature': pagerDutySignature(body, PD_SECRET), 'x-webhook-id': `slack-${++n}` })
  return res.status
}
async function ci (b: SlackTestBot, pipeline: string): Promise<number> {
  const res = await post(b, '/hubot/ci', JSON.stringify({ pipeline, build: ++n, status: 'passed', url: 'https://ci.example.com/x' }), { authorization: `Bearer ${CI_TOKEN}` })
  return res.status
}
const posted = (b: SlackTestBot): Array<[string, string]> => b.fake.state.posted.map(m => [m.channel, (m.text ?? '').split(':')[0]])

describe('rooms on Slack', () => {
  test('#names and bare names become channel ids from one conversations.list; ids are used as written', async () => {
    const b = await slackBot()
    expect(await Promise.all([pagerduty(b), pagerduty(b), pagerduty(b)])).toEqual([202, 202, 202])
    expect(await ci(b, 'api-build')).toBe(202)
    expect(await ci(b, 'web')).toBe(202)
    await b.context.work.idle()
    // Each channel is its own outbox lane: compare in channel order.
    expect(posted(b).sort()).toEqual([
      ['C0BUILDS', 'CI passed'],
      ['C0DEV', 'CI passed'],
      ['C0INCIDENTS', 'PagerDuty incident #2 triggered (high urgency)'],
      ['C0INCIDENTS', 'PagerDuty incident #2 triggered (high urgency)'],
      ['C0INCIDENTS', 'PagerDuty incident #2 triggered (high urgency)']
    ])
    expect(b.fake.callsOf('conversations.list').map(c => c.params.types)).toEqual(['public_channel,private_channel'])
  })

  test('three announcements to one channel at once go through the outbox, spaced a second apart on the bot\'s clock', async () => {
    const b = await slackBot()
    const sleepsBefore = b.clock.sleeps.length
    await Promise.all([pagerduty(b), pagerduty(b), pagerduty(b)])
    await b.context.work.idle()
    expect(b.fake.callsOf('chat.postMessage')).toHaveLength(3)
    expect(b.clock.sleeps.slice(sleepsBefore).filter(ms => ms === 1000)).toHaveLength(2)
  })

  test('a name not in the list lists again, at most once a minute: a channel created since is found', async () => {
    const b = await slackBot()
    expect(await ci(b, 'api-x')).toBe(202)
    await b.context.work.idle()
    expect(b.fake.callsOf('conversations.list')).toHaveLength(1)

    // #later does not exist yet, and the list is under a minute old: not listed again; the announcement is logged as lost.
    await ci(b, 'later-1')
    await b.context.work.idle()
    expect(b.fake.callsOf('conversations.list')).toHaveLength(1) // listed less than a minute ago
    expect(b.logs.lines.filter(l => l.msg === 'ci webhook delivery accepted but not announced').map(l => (l.err as { message: string }).message))
      .toEqual(['Slack has no channel #later the bot can see: check the room in the configuration; for a private channel, invite the bot (/invite @bot)'])

    b.fake.state.channels.push({ id: 'C0LATER', name: 'later' })
    b.clock.advance(60_000)
    await ci(b, 'later-2')
    await b.context.work.idle()
    expect(b.fake.callsOf('conversations.list')).toHaveLength(2)
    expect(posted(b).at(-1)).toEqual(['C0LATER', 'CI passed'])
    // Found once, kept: no more listings for it.
    await ci(b, 'later-3')
    await b.context.work.idle()
    expect(b.fake.callsOf('conversations.list')).toHaveLength(2)
  })
})
