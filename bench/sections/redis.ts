// Idle and change cost of the Redis brain with 10,000 users: ours (createBot with the Redis
// brain, as `npm start` wires it with REDIS_URL) beside stock hubot 14 with hubot-redis-brain
// 3.0.1, both running at once, each in its own process against its own private
// redis-server (so Redis's byte counter is one side's alone). A second process of ours on
// the same Redis shows how soon a change reaches it.
import { startRedisServer, type RedisChild } from '../../test/helpers/redis-server.ts'
import type { Row, SectionRun } from '../types.ts'
import { median, ratioOf } from '../lib/stats.ts'
import { RedisMeter, SideProcess } from '../brain/driver.ts'
import { brainPlan } from '../brain/plan.ts'
import type { Reply } from '../brain/protocol.ts'

const PREFIX = 'bench:'

export const run: SectionRun = async ({ quick }) => {
  const plan = brainPlan(quick)
  const servers: RedisChild[] = []
  const sides: SideProcess[] = []
  const meters: RedisMeter[] = []
  try {
    servers.push(...await Promise.all([startRedisServer(), startRedisServer(), startRedisServer(), startRedisServer()]))
    const [oursServer, peerServer, oursEmptyServer, peerEmptyServer] = servers
    const env = { BENCH_USERS: String(plan.users) }
    // Each side also runs with no users at all: the difference is the idle work that grows
    // with the users (the rest, timers and metrics, is the same at any size).
    const [ours, peer, oursEmpty, peerEmpty] = await Promise.all([
      SideProcess.start('ours', { ...env, REDIS_URL: oursServer.url, HUBOT_REDIS_PREFIX: PREFIX }),
      SideProcess.start('peer-redis', { ...env, REDIS_URL: peerServer.url }),
      SideProcess.start('ours', { BENCH_USERS: '0', REDIS_URL: oursEmptyServer.url, HUBOT_REDIS_PREFIX: PREFIX }),
      SideProcess.start('peer-redis', { BENCH_USERS: '0', REDIS_URL: peerEmptyServer.url })
    ])
    sides.push(ours.side, peer.side, oursEmpty.side, peerEmpty.side)
    const reader = await SideProcess.start('ours-reader', { ...env, REDIS_URL: oursServer.url, HUBOT_REDIS_PREFIX: PREFIX })
    sides.push(reader.side)
    if (reader.ready.users !== plan.users) throw new Error(`the second process loaded ${reader.ready.users} users, not ${plan.users}`)

    const oursMeter = new RedisMeter(oursServer.url)
    const peerMeter = new RedisMeter(peerServer.url)
    meters.push(oursMeter, peerMeter)
    // Start-up writes (the 10,000 users, hubot-redis-brain's first saves) are over first.
    await Promise.all([oursMeter.calibrate(), peerMeter.calibrate()])
    await Promise.all([oursMeter.settled(1000), peerMeter.settled(1000)])

    const idleAll = async (ms: number): Promise<Array<Extract<Reply, { kind: 'idle' }>>> =>
      await Promise.all([ours, peer, oursEmpty, peerEmpty].map(s => s.side.ask({ cmd: 'idle', ms }, 'idle')))
    await idleAll(plan.settleMs)
    const before = await Promise.all([oursMeter.read(), peerMeter.read()])
    const [oursIdle, peerIdle, oursEmptyIdle, peerEmptyIdle] = await idleAll(plan.idleMs)
    const after = await Promise.all([oursMeter.read(), peerMeter.read()])
    await Promise.all([oursEmpty.side.stop(), peerEmpty.side.stop()])
    const [oursLoop, peerLoop] = await Promise.all([ours.side.ask({ cmd: 'loop', ms: plan.loopMs }, 'loop'), peer.side.ask({ cmd: 'loop', ms: plan.loopMs }, 'loop')])

    const perMinute = (n: number): number => n * 60_000 / plan.idleMs
    const idleBytes = [after[0] - before[0], after[1] - before[1]]

    // Changes, one user each: bytes Redis received until it went quiet, and (ours) when the
    // second process had it. A hubot-redis-brain timer save landing inside one change's
    // window doubles that one: the median leaves it out.
    const oursChanges: Array<{ bytes: number, savedMs: number, reachedMs: number | null }> = []
    const peerChanges: Array<{ bytes: number }> = []
    for (let k = 0; k < plan.changes; k++) {
      const n = 1 + k * 37
      const oursStart = await oursMeter.settled()
      const arrival = reader.side.ask({ cmd: 'arrival', n, timeoutMs: 5000 }, 'arrived')
      const changed = await ours.side.ask({ cmd: 'change', n }, 'changed')
      const arrived = await arrival
      oursChanges.push({ bytes: await oursMeter.settled() - oursStart, savedMs: changed.savedMs, reachedMs: arrived.at == null ? null : arrived.at - changed.at })

      const peerStart = await peerMeter.settled()
      await peer.side.ask({ cmd: 'change', n }, 'changed')
      peerChanges.push({ bytes: await peerMeter.settled() - peerStart })
    }
    const oursPerChange = median(oursChanges.map(c => c.bytes))
    const peerPerChange = median(peerChanges.map(c => c.bytes))
    const reached = oursChanges.map(c => c.reachedMs)
    const slowest = reached.some(r => r == null) ? Infinity : Math.max(...reached as number[])

    const cpu = [perMinute(oursIdle.cpuMs), perMinute(peerIdle.cpuMs)]
    const growth = [cpu[0] - perMinute(oursEmptyIdle.cpuMs), cpu[1] - perMinute(peerEmptyIdle.cpuMs)]
    const rows: Row[] = [
      { measure: `idle CPU, ${plan.users.toLocaleString('en-US')} users`, ours: cpu[0], peer: cpu[1], unit: 'ms/min', ratio: ratioOf(cpu[0], cpu[1]), target: '<= peer', met: cpu[0] <= cpu[1] },
      { measure: `idle CPU that grows with users (${plan.users.toLocaleString('en-US')} users less none)`, ours: growth[0], peer: growth[1], unit: 'ms/min', ratio: ratioOf(growth[0], growth[1]), target: '<= peer', met: growth[0] <= growth[1] },
      { measure: 'largest event-loop delay while idle', ours: oursLoop.maxMs, peer: peerLoop.maxMs, unit: 'ms', ratio: ratioOf(oursLoop.maxMs, peerLoop.maxMs), target: '<= peer', met: oursLoop.maxMs <= peerLoop.maxMs },
      { measure: 'bytes to Redis per user change (median)', ours: oursPerChange, peer: peerPerChange, unit: 'B', ratio: ratioOf(oursPerChange, peerPerChange), target: '< 600 B', met: oursPerChange < 600 },
      { measure: 'bytes to Redis per idle minute', ours: perMinute(idleBytes[0]), peer: perMinute(idleBytes[1]), unit: 'B/min', ratio: ratioOf(idleBytes[0], idleBytes[1]), target: '0', met: idleBytes[0] === 0 },
      { measure: 'a change reaches a second process (slowest)', ours: slowest, peer: null, unit: 'ms', ratio: null, target: '< 1000 ms', met: slowest < 1000 }
    ]
    return {
      name: 'redis',
      rows,
      data: {
        plan,
        peer: `hubot-redis-brain ${peer.ready.hubotRedisBrain ?? '?'} on stock hubot 14`,
        idle: { ours: oursIdle, peer: peerIdle, ours_no_users: oursEmptyIdle, peer_no_users: peerEmptyIdle, redis_bytes: { ours: idleBytes[0], peer: idleBytes[1] } },
        loop: { ours: oursLoop, peer: peerLoop },
        changes: { ours: oursChanges, peer: peerChanges }
      },
      notes: [
        `${plan.users} users, idle window ${plan.idleMs / 1000} s (scaled to a minute), loop-delay window ${plan.loopMs / 1000} s, ${plan.changes} changes; both sides at once, each against its own redis-server`,
        'ours: createBot with createPersistence (REDIS_URL: the Redis brain and the Redis store), no scripts; peer: stock hubot 14 Robot with hubot-redis-brain, no scripts',
        'a change: userForId(id).roles gains one role, then ours saveBrainNow (what a role grant waits for), the peer robot.brain.save() (its timer would do the same within 5 s); bytes as Redis counted them, until quiet',
        'CPU in both processes includes tsx (the children run TypeScript through it; its esbuild service pings once a second)',
        'hubot-redis-brain has no way for a change to reach another process (each writes the whole blob; the last writer wins): no peer figure for it'
      ]
    }
  } finally {
    await Promise.all(sides.map(s => s.stop()))
    await Promise.all(meters.map(m => m.close()))
    await Promise.all(servers.map(s => s.kill()))
  }
}
