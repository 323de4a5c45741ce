// Description:
//   Deploys and provisioning from chat: configured tasks per app and environment, peer
//   approval per environment, locks, live status in the room, history.
//
// Configuration:
//   HUBOT_DEPLOY_CONFIG - the YAML or JSON deploy configuration (default ./deploy.yaml, else deploy.example.yaml)
//   HUBOT_DEPLOY_LOG_URL - a log link template with {deploy_id} for the start and end messages
//
// Commands:
//   hubot <task> <app>[/<ref>] to <env> - run a configured task (deploy, provision ...); also "in" or "on" <env>
//   hubot deploys [<app>] [in <env>] - recent runs with who, approvers, duration and result
//   hubot deploy status <id> - one run's state
//   hubot deploy log <id> - a run's last 20 output lines
//   hubot deploy cancel <id> - stop a running task (its process group is killed)
//   hubot where can I deploy <app> - environments, approval needed, current lock
//   hubot lock <app> in <env> [<reason>] - only you may run tasks there (4 hours)
//   hubot unlock <app> in <env> - remove your lock (role deploy-admin: anyone's)
//   hubot locks - every lock held now
//

import type { Response, Robot, TextMessage } from 'hubot'
import { botContext } from '../src/core/context.ts'
import { BotError } from '../src/core/errors.ts'
import { escapeRegExp } from '../src/core/regexp.ts'
import { quoteInput } from '../src/chat/quote.ts'
import { mayRun, recordAudit, ruleFor } from '../src/access/index.ts'
import { findRequest, listRequests } from '../src/approval/index.ts'
import { createDeploys, DeployConfigError, findApp, findEnv, lockText, pinKey, summaryText, withChange, type DeployRequest, type Deploys, type Held, type Requester } from '../src/deploy/index.ts'

type Res = Response<TextMessage>
const ID = '([A-Za-z0-9]{1,12})'
const NAME = '([A-Za-z0-9][A-Za-z0-9_.-]*)'

const requester = (robot: Robot, res: Res): Requester => {
  const user = res.message.user
  return { id: user.id, name: String(robot.brain.data.users[user.id]?.name ?? user.name ?? user.id) }
}

export default async (robot: Robot): Promise<void> => {
  const ctx = botContext(robot)
  let deploys: Deploys
  try {
    deploys = await createDeploys(robot, { audit: async event => await recordAudit(ctx, event) })
  } catch (err) {
    if (!(err instanceof DeployConfigError)) throw err
    // Logged without the error object: --config-check lists these problems itself.
    ctx.log.error({ script: 'deploy', problems: err.problems }, `deploy: the configuration is invalid, so deploys are off:\n${err.problems.join('\n')}`)
    robot.respond(/(?:deploy|deploys|locks|where can I deploy)\b.*$/i, { id: 'deploy.off' }, async (res) => {
      await res.reply(`deploys are off: the deploy configuration is invalid (${quoteInput(err.problems[0], 300)}). Run "npm start -- --config-check" for every problem.`)
    })
    return
  }
  const { config } = deploys

  const parseTask = (task: string, res: Res): DeployRequest => {
    const [app, ...ref] = res.match[1].split('/')
    return { task, app, ref: ref.length > 0 ? ref.join('/') : null, env: res.match[2], room: res.message.room }
  }
  // When the run comes from an approved request: whoever approved it, and the request's
  // pin (the commit its precheck resolved, keyed like the precheck keyed it).
  const approvalOf = async (res: Res): Promise<{ approvers: string[], held: Held | null }> => {
    const id = /^approval-(\w+)$/.exec(String(res.message.id ?? ''))?.[1]
    if (id == null) return { approvers: [], held: null }
    const req = await findRequest(robot, id, async () => {})
    if (req == null) return { approvers: [], held: null }
    return {
      approvers: req.approvals.map(uid => String(robot.brain.data.users[uid]?.name ?? uid)),
      held: { key: pinKey(req.requester.id, req.room, req.text), breakGlass: req.break_glass != null }
    }
  }

  // A held request's commit is pinned under who typed what, where: a second identical
  // request while the first waits would re-pin it, and approving the first would then ship
  // the commit the second showed. So the same request is not made twice at once.
  const refuseIdenticalPending = async (res: Res): Promise<void> => {
    const { user, room, text } = res.message
    const waiting = (await listRequests(ctx.store)).find(r => r.state === 'pending' && r.requester.id === user.id && r.room === room && r.text === text)
    if (waiting != null) {
      throw new BotError('conflict', `you already asked for exactly this: request ${waiting.id} is waiting for approval. Wait for it, or say "${robot.name} cancel ${waiting.id}" and ask again.`)
    }
  }

  const tasks = [...new Set(Object.values(config.apps).flatMap(a => Object.keys(a.tasks)))]
  for (const task of tasks) {
    // The tasks come from the configuration, not the header: each gets its own help line
    // (hubot's help list), so help shows it with its approval note.
    const apps = Object.keys(config.apps).filter(a => Object.hasOwn(config.apps[a].tasks, task))
    ;(robot as unknown as { helpStrings: string[] }).helpStrings.push(`hubot ${task} <app>[/<ref>] to <env> - run the configured ${task} task (${apps.join(', ')})`)
    robot.respond(new RegExp(`${escapeRegExp(task)} (\\S+) (?:to|in|on) (\\S+)$`, 'i'), {
      id: `deploy.${task}`,
      // The environment's own approval; unknown names need none here (the handler refuses them).
      approval: (res: Res) => {
        const req = parseTask(task, res)
        const app = Object.hasOwn(config.apps, req.app) ? config.apps[req.app] : undefined
        const env = app != null && Object.hasOwn(app.environments, req.env) ? app.environments[req.env] : undefined
        return env?.approval ?? null
      },
      // Runs only when the command is held: the request below quotes the command as typed,
      // so this names the ref too when it was left to the default.
      precheck: async (res: Res) => {
        await refuseIdenticalPending(res)
        const { target: t, change } = await deploys.prepare(parseTask(task, res), requester(robot, res), pinKey(res.message.user.id, res.message.room, res.message.text))
        const head = `${t.task} ${t.app}/${t.ref}${change != null ? ` (${change.sha.slice(0, 7)})` : ''} in ${t.env} needs approval:`
        await res.send(change != null ? withChange(head, change) : head)
      }
    }, async (res) => {
      const { approvers, held } = await approvalOf(res)
      await deploys.start(parseTask(task, res), requester(robot, res), approvers, async text => await res.send(text), held)
    })
  }

  robot.respond(new RegExp(`deploys(?: ${NAME})?(?: in ${NAME})?$`, 'i'), { id: 'deploy.list' }, async (res) => {
    const runs = await deploys.history.recent({ app: res.match[1], env: res.match[2] })
    const active = (await deploys.history.active()).filter(r => (res.match[1] == null || r.app === res.match[1]) && (res.match[2] == null || r.env === res.match[2]))
    const lines = [...active, ...runs].map(summaryText)
    await res.send(lines.length > 0 ? lines.join('\n') : 'no runs yet.')
  })

  const findRun = async (res: Res) => {
    const run = await deploys.history.find(res.match[1].toUpperCase())
    if (run == null) throw new BotError('not_found', `I don't know deploy ${quoteInput(res.match[1])}: say "${robot.name} deploys" for the recent ones.`)
    return run
  }
  robot.respond(new RegExp(`deploy status ${ID}$`, 'i'), { id: 'deploy.status' }, async (res) => {
    await res.send(summaryText(await findRun(res)))
  })
  robot.respond(new RegExp(`deploy log ${ID}$`, 'i'), { id: 'deploy.log' }, async (res) => {
    const run = await findRun(res)
    await res.send(run.tail.length > 0 ? `deploy ${run.id}, last ${run.tail.length} output lines:\n${run.tail.join('\n')}` : `deploy ${run.id} printed nothing.`)
  })
  robot.respond(new RegExp(`deploy cancel ${ID}$`, 'i'), { id: 'deploy.cancel' }, async (res) => {
    const { run, here } = await deploys.cancel(res.match[1].toUpperCase(), requester(robot, res))
    if (run == null) throw new BotError('not_found', `I don't know deploy ${quoteInput(res.match[1])}.`)
    if (run.result !== 'running') throw new BotError('conflict', `deploy ${run.id} is not running (${run.result}).`)
    if (!here) throw new BotError('unavailable', `deploy ${run.id} is not running in this bot process, so I cannot stop it here.`)
    await res.send(`cancelling deploy ${run.id}: stopping its process group.`)
  })

  robot.respond(new RegExp(`where can I deploy ${NAME}\\??$`, 'i'), { id: 'deploy.where' }, async (res) => {
    const name = res.match[1]
    const app = findApp(config, name)
    const rules = ctx.config.approval.rules
    const lines = await Promise.all(Object.entries(app.environments).map(async ([env, e]) => {
      const approval = e.approval != null ? `needs ${e.approval.quorum ?? 1} approval from '${e.approval.group}'` : 'no approval needed'
      const lock = await deploys.locks.get(name, env)
      const running = await deploys.locks.running(name, env)
      return `${env}: ${approval}${lock != null ? `; ${lockText(lock)}` : ''}${running != null ? `; deploy ${running.deploy_id} (${running.task}) running` : ''}`
    }))
    const overridden = Object.keys(app.tasks).filter(t => ruleFor(`deploy.${t}`, rules) !== undefined)
    const notes = [
      `tasks: ${Object.keys(app.tasks).join(', ')}; ref default ${app.default_ref}`,
      ...(app.rooms != null ? [`only from ${app.rooms.join(', ')}`] : []),
      ...(overridden.length > 0 ? [`HUBOT_APPROVAL_RULES overrides the approval of ${overridden.map(t => `deploy.${t}`).join(', ')}`] : [])
    ]
    await res.send(`${name}:\n${[...lines, ...notes].join('\n')}`)
  })

  robot.respond(new RegExp(`lock ${NAME} in ${NAME}(?: (.+))?$`, 'i'), { id: 'deploy.lock' }, async (res) => {
    const [, app, env, reason] = res.match
    findEnv(findApp(config, app), app, env)
    const who = requester(robot, res)
    const taken = await deploys.locks.take({ app, env, owner_id: who.id, owner_name: who.name, reason: reason != null ? quoteInput(reason.trim(), 200) : null })
    if (!taken.ok) throw new BotError('conflict', `${lockText(taken.lock)}.`)
    await recordAudit(ctx, { event: 'deploy.locked', actor_id: who.id, app, env, reason: taken.lock.reason, expires_at: taken.lock.expires_at })
    await res.send(`OK, ${lockText(taken.lock)}. Only ${who.name} may run tasks there meanwhile.`)
  })
  robot.respond(new RegExp(`unlock ${NAME} in ${NAME}$`, 'i'), { id: 'deploy.unlock' }, async (res) => {
    const [, app, env] = res.match
    const who = requester(robot, res)
    const lock = await deploys.locks.get(app, env)
    if (lock == null) throw new BotError('not_found', `${quoteInput(app)} in ${quoteInput(env)} is not locked.`)
    if (lock.owner_id !== who.id && !mayRun(robot, who.id, ['deploy-admin'])) {
      throw new BotError('forbidden', `${lockText(lock)}: only ${lock.owner_name} or someone with the deploy-admin role can unlock it.`)
    }
    await deploys.locks.release(app, env)
    await recordAudit(ctx, { event: 'deploy.unlocked', actor_id: who.id, app, env, owner_id: lock.owner_id })
    await res.send(`OK, ${app} in ${env} is unlocked${lock.owner_id !== who.id ? ` (it was ${lock.owner_name}'s)` : ''}.`)
  })
  robot.respond(/locks$/i, { id: 'deploy.locks' }, async (res) => {
    const locks = await deploys.locks.list()
    await res.send(locks.length > 0 ? locks.map(lockText).join('\n') : 'nothing is locked.')
  })
}
