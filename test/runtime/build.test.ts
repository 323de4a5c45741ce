// The compiled build (dist/, made by npm install and npm ci) is what npm start and the
// Procfile run: plain node, no TypeScript loader. It must be the same bot as the source run
// with tsx: the same help (Hubot reads each script's header comments from the compiled
// file), its own scripts from dist/, the shipped deploy example from the project, and the
// same configuration check.
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { sign } from '@octokit/webhooks-methods'
import { ROOT } from '../helpers/bot.ts'
import { runMain, startMain } from '../helpers/process.ts'
import { FakeSlack } from '../fakes/slack/fake-slack.ts'
import { member, messageEvent } from '../adapters/slack-harness.ts'
import { startFakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'
import { builtMainOrSkip } from '../helpers/requirements.ts'

const built = builtMainOrSkip()

function jsonLines (text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>)
}

describe('compiled build', () => {
  test('answers help exactly as the tsx run does, loading its compiled scripts and the project\'s deploy example', async () => {
    if (built == null) return
    const input = 'help\nhelp --ids\nhelp roles\n'
    const [compiled, source] = await Promise.all([runMain(['-d'], input, { built }), runMain(['-d'], input)])
    expect(compiled.code).toBe(0)
    expect(source.code).toBe(0)
    // A stale build (sources changed since) fails here: npm run build.
    expect(compiled.stdout).toBe(source.stdout)
    expect(compiled.stdout).toMatch(/hubot <user> has <role> role - give a user a role/)
    const logs = jsonLines(compiled.stderr)
    expect(logs.filter(l => (l.level as number) >= 50)).toEqual([])
    expect(logs.find(l => l.script === 'deploy')?.file).toBe(path.join(ROOT, 'deploy.example.yaml'))
  })

  test('--config-check passes on the build and names the same problems as the tsx run', async () => {
    if (built == null) return
    expect((await runMain(['--config-check'], '', { built })).stdout).toBe('OK\n')
    const env = { HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}}' }
    const [compiled, source] = await Promise.all([runMain(['-t'], '', { built, env }), runMain(['-t'], '', { env })])
    expect(compiled.code).toBe(1)
    expect(compiled.stderr).toMatch(/roles\.grnt/)
    expect(compiled.stderr).toBe(source.stderr)
  })

  // The bundle holds express and the webhook signature check: the server they make must
  // still answer from it.
  test('serves health and checks webhook signatures with its HTTP server on', async () => {
    if (built == null) return
    const secret = 'build-test-webhook-secret'
    const { child, done } = startMain(['-a', 'terminal'], { built, env: { HUBOT_GITHUB_WEBHOOK_SECRET: secret, HUBOT_GITHUB_ROOMS: '{"*": "#github"}' } })
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let seen = ''
        child.stderr.on('data', (d: Buffer) => {
          seen += d.toString()
          // Its port is logged before the scripts add their routes: wait until it has started.
          const lines = jsonLines(seen.slice(0, seen.lastIndexOf('\n') + 1))
          const listening = lines.find(l => l.msg === 'http server listening')
          if (listening != null && lines.some(l => l.msg === 'bot started')) resolve(listening.port as number)
        })
        child.once('close', () => reject(new Error(`exited before listening; stderr:\n${seen}`)))
      })
      const base = `http://127.0.0.1:${port}`
      expect((await fetch(`${base}/hubot/health`)).status).toBe(200)
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 })
      const headers = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }
      const signed = await fetch(`${base}/hubot/github`, { method: 'POST', body, headers: { ...headers, 'x-hub-signature-256': await sign(secret, body) } })
      expect(signed.status).toBeLessThan(300)
      const forged = await fetch(`${base}/hubot/github`, { method: 'POST', body, headers: { ...headers, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0959', 'x-hub-signature-256': await sign('another-secret', body) } })
      expect(forged.status).toBe(401)
    } finally {
      child.stdin.end('')
      await done
    }
  })

  // Naming Response or Headers loads Node's fetch implementation, whose HTTP parser then
  // compiles in the background for seconds: a cost on every start and its first idle
  // minute. The bot defers it (and undici) to its first vendor request.
  test('a start that makes no vendor request loads neither Node\'s fetch implementation nor undici', async () => {
    if (built == null) return
    const report = 'process.on("exit", () => process.stderr.write("fetch loaded: " + process.moduleLoadList.some(m => m.includes("deps/undici")) + "; undici loaded: " + Object.keys(require.cache).some(f => f.includes("node_modules/undici/")) + "\\n"))'
    const preload = `data:text/javascript,${encodeURIComponent(`import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${report}`)}`
    const run = await runMain([], 'help\nwhat roles do I have\n', { built, nodeArgs: ['--import', preload] })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/help <words>/)
    expect(run.stderr).toContain('fetch loaded: false; undici loaded: false')
  })

  // The Slack adapter is a chunk of the bundle loaded only with -a slack, and its client
  // libraries stay in node_modules: the build must still connect and answer there.
  test('runs on Slack (-a slack, against the fake Slack) and answers a mention', async () => {
    if (built == null) return
    const fake = await new FakeSlack().start()
    fake.addMember(member('UALICE', 'alice'))
    fake.join('C1', 'D1')
    const { child, done } = startMain(['-a', 'slack', '-d'], {
      built, env: { HUBOT_SLACK_APP_TOKEN: fake.state.appToken, HUBOT_SLACK_BOT_TOKEN: fake.state.botToken, HUBOT_SLACK_API_URL: fake.apiUrl }
    })
    try {
      await fake.until(() => fake.connections.length > 0, 'the bot connecting over Socket Mode', 15_000)
      fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
      const post = await fake.until(() => fake.state.posted[0], 'the answer', 10_000)
      expect(post).toMatchObject({ channel: 'C1', text: 'hubot help &lt;words&gt; - only the commands that mention all of those words' })
    } finally {
      child.kill('SIGTERM')
      const run = await done
      await fake.stop()
      expect(jsonLines(run.stderr).filter(l => (l.level as number) >= 50)).toEqual([])
    }
  })

  // A vendor command from the build: openapi-fetch in the bundle, undici loaded from
  // node_modules at the first request, the answer through the bot's own fetch.
  test('answers a PagerDuty command from the fake PagerDuty', async () => {
    if (built == null) return
    const fake = await startFakePagerDuty()
    try {
      const run = await runMain(['-d'], 'pager incidents\n', { built, env: { HUBOT_PAGERDUTY_API_KEY: fake.token, HUBOT_PAGERDUTY_API_URL: fake.url } })
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/#\d+ /)
      expect(fake.requests.filter(r => r.path === '/incidents')).toHaveLength(1)
    } finally {
      await fake.close()
    }
  })
})
