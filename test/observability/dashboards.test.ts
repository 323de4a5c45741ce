// The shipped dashboards name only what the bot emits: every field a Kibana saved object
// names (columns, sort, aggregation fields, fields in its KQL queries) appears in the ECS
// lines of a scripted session plus a deploy; every metric a Grafana panel queries is in a
// scrape of /hubot/metrics.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ROOT, type TestBot } from '../helpers/bot.ts'
import { metricsOf } from '../../src/core/metrics.ts'
import { deployId, startDeployBot } from '../deploy/harness.ts'
import { fieldNames } from './ecs-fields.ts'
import { parseExposition } from './exposition.ts'
import { scriptedSession } from './session.ts'

const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

type SavedObject = { id: string, type: string, attributes: Record<string, unknown>, references: Array<{ id: string, type: string }> }
const savedObjects = (): SavedObject[] => readFileSync(path.join(ROOT, 'ops', 'kibana', 'chatops.ndjson'), 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as SavedObject)

/** Field names in a KQL query: the words before a colon. */
const kqlFields = (query: string): string[] => [...query.replace(/"[^"]*"/g, '""').matchAll(/([@\w.]+)\s*:/g)].map(m => m[1])

function namedFields (o: SavedObject): string[] {
  const a = o.attributes
  const out: string[] = []
  if (o.type === 'index-pattern') out.push(String(a.timeFieldName))
  if (Array.isArray(a.columns)) out.push(...a.columns as string[])
  if (Array.isArray(a.sort)) out.push(...(a.sort as Array<[string, string]>).map(s => s[0]))
  const source = (a.kibanaSavedObjectMeta as { searchSourceJSON?: string } | undefined)?.searchSourceJSON
  if (source != null) out.push(...kqlFields((JSON.parse(source) as { query: { query: string } }).query.query))
  if (typeof a.visState === 'string') {
    for (const agg of (JSON.parse(a.visState) as { aggs: Array<{ params: { field?: string } }> }).aggs) if (agg.params.field != null) out.push(agg.params.field)
  }
  return out
}

describe('ops/kibana/chatops.ndjson', () => {
  test('the data view, both saved searches and the dashboard are there, and each reference resolves', () => {
    const objects = savedObjects()
    const byId = new Map(objects.map(o => [o.id, o]))
    expect(objects.find(o => o.type === 'index-pattern')?.attributes.title).toBe('logs-chatops-*')
    const titles = objects.filter(o => o.type === 'search').map(o => o.attributes.title)
    expect(titles).toEqual(expect.arrayContaining(['ChatOps audit trail', "ChatOps one deploy's full log"]))
    expect(objects.filter(o => o.type === 'dashboard')).toHaveLength(1)
    for (const o of objects) for (const r of o.references) expect([o.id, byId.get(r.id)?.type]).toEqual([o.id, r.type])
  })

  test('every field a saved object names is one the logger emits in ECS mode', async () => {
    const { bot } = await scriptedSession({ HUBOT_LOG_FORMAT: 'ecs' })
    bots.push(bot)
    const deploy = await startDeployBot({ env: { HUBOT_LOG_FORMAT: 'ecs' } })
    bots.push(deploy)
    deployId(await deploy.say('alice', 'hubot deploy web/v2.3 to staging'))
    const emitted = new Set([...bot.logs.lines, ...deploy.logs.lines].flatMap(l => fieldNames(l)))
    const named = [...new Set(savedObjects().flatMap(namedFields))]
    expect(named.length).toBeGreaterThan(15)
    expect(named.filter(f => !emitted.has(f))).toEqual([])
  })
})

describe('ops/grafana/chatops.json', () => {
  test('every metric a panel queries exists in a scrape', async () => {
    const { bot } = await scriptedSession()
    bots.push(bot)
    const text = await metricsOf(bot.robot)!.registry.metrics()
    // Samples, and the families declared (a counter nobody has counted yet has no sample).
    const exposed = new Set(parseExposition(text).map(s => s.name))
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      for (const suffix of type === 'histogram' ? ['_bucket', '_sum', '_count'] : ['']) exposed.add(name + suffix)
    }
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'ops', 'grafana', 'chatops.json'), 'utf8')) as { panels: Array<{ title: string, targets: Array<{ expr: string }> }> }
    const queried = dashboard.panels.flatMap(p => p.targets.flatMap(t => [...t.expr.matchAll(/\b((?:chatops|process|nodejs)_\w+)\b/g)].map(m => m[1])))
    expect(queried.length).toBeGreaterThan(10)
    expect(queried.filter(m => !exposed.has(m))).toEqual([])
    for (const p of dashboard.panels) expect([p.title, p.targets.length > 0]).toEqual([p.title, true])
  })
})
