// package.json's description is the first thing npm and GitHub show: it names only what
// the bot does today (each service it names has its script).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'

const { description } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { description: string }

describe('package.json description', () => {
  test('every feature it names has its script (the old one named deploys, which have none)', () => {
    const features: Array<[RegExp, string]> = [
      [/pagerduty/i, 'pagerduty.ts'], [/zendesk/i, 'zendesk.ts'], [/github/i, 'github.ts'], [/deploy/i, 'deploy.ts'], [/approv/i, 'approvals.ts'], [/roles/i, 'roles.ts']
    ]
    const named = features.filter(([word]) => word.test(description))
    expect(named.length).toBeGreaterThan(0)
    expect(named.filter(([, script]) => !existsSync(path.join(ROOT, 'scripts', script))).map(([word]) => word.source)).toEqual([])
  })

  test('says where it runs', () => {
    expect(description).toMatch(/Slack/)
    expect(description).toMatch(/terminal/)
  })
})
