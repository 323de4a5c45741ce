// GET /hubot/health: what a load balancer or an on-call human needs to know, no secrets.
import type { Robot } from 'hubot'
import type { BrainPersistence } from '../brain/index.ts'
import type { SharedStore } from '../store/index.ts'

const START = Date.now()

async function check (probe: () => Promise<void>): Promise<'ok' | 'error'> {
  try {
    await Promise.race([probe(), new Promise((_resolve, reject) => setTimeout(reject, 2000).unref())])
    return 'ok'
  } catch {
    return 'error'
  }
}

export function registerHealthRoute (robot: Robot, deps: { brain: BrainPersistence, store: SharedStore }): void {
  robot.router.get('/hubot/health', async (_req, res) => {
    const [brain, store] = await Promise.all([check(() => deps.brain.ping()), check(() => deps.store.ping())])
    const ok = brain === 'ok' && store === 'ok'
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      adapter: robot.adapterName,
      uptime_s: Math.round((Date.now() - START) / 1000),
      brain,
      store
    })
  })
}
