// Every place the bot reaches into hubot 14's internals, with the hubot behaviour each
// one works around. Nothing else in src/ patches hubot: a hubot upgrade is checked here
// (against node_modules/hubot/src: Robot.mjs, Listener.mjs, Middleware.mjs, Brain.mjs).
import hubot, { type Listener, type ListenerCallback, type Message, type Response, type Robot, type TextMessage, type User } from 'hubot'
import { inspect } from 'node:util'
import type { Logger } from '../core/log.ts'
import { isReservedKey, ownUser, reservedKeyError } from '../access/user-keys.ts'
import { noteUserChange } from '../brain/index.ts'

const { CatchAllMessage } = hubot as unknown as { CatchAllMessage: new (message: Message) => Message }

/** Applies the patches a robot needs from birth. Call right after `new Robot()`. */
export function patchRobot (robot: Robot, log: Logger): void {
  // new Robot() builds its own pino logger on stdout at HUBOT_LOG_LEVEL; the terminal
  // chat is stdout, and our logger redacts.
  robot.logger = log
  guardUserLookups(robot)
  reportReceivedUsers(robot)
  replaceErrorDispatch(robot, log)
  guardListenerCallbacks(robot)
  awaitOnlyWhatRuns(robot, log)
  // The constructor registers a CommandBus `help` that shadows the help script; we route
  // nothing through the CommandBus (its commands bypass listener middleware).
  robot.commands.unregister('help')
}

// Robot.invokeErrorHandlers logs `error.stack` at error before calling the handlers, for
// every error, expected or not. Our error sink logs each error once, at its own level.
function replaceErrorDispatch (robot: Robot, log: Logger): void {
  const internals = robot as unknown as { invokeErrorHandlers: (e: Error, r: unknown) => void, errorHandlers: Array<(e: Error, r: unknown) => void> }
  internals.invokeErrorHandlers = (err, res) => {
    for (const handler of internals.errorHandlers) {
      try { handler(err, res) } catch (handlerErr) { log.error({ err: handlerErr }, 'error handler failed') }
    }
  }
}

// Brain.userForId reads `users[id]` without checking that the key is the object's own: for
// "__proto__" it returns Object.prototype (and the fields written on that "user" appear on
// every object), for "constructor" a function whose `name` cannot be set. Brain.userForName
// walks `for...in`, which visits inherited keys too. Such ids are refused for every caller.
function guardUserLookups (robot: Robot): void {
  const brain = robot.brain
  const userForId = brain.userForId.bind(brain)
  brain.userForId = (id: string, options?: Record<string, unknown>): User => {
    const key = String(id)
    if (isReservedKey(key) && ownUser(robot, key) == null) throw reservedKeyError(key)
    const user = userForId(id, options)
    // Callers fetch a user this way to change it (hubot replaces it when the room differs):
    // the brain's next save compares this one user instead of serialising them all.
    noteUserChange(robot, key)
    return user
  }
  brain.userForName = (name: string): User | null => {
    const lower = String(name).toLowerCase()
    let found: User | null = null
    for (const id of Object.keys(brain.data.users)) {
      const user = ownUser(robot, id)
      if (user?.name != null && String(user.name).toLowerCase() === lower) found = user
    }
    // Found by name to be changed too (hubot-auth gives roles this way).
    if (found != null) noteUserChange(robot, String(found.id))
    return found
  }
}

// Adapters set fields on the sender's User before passing the message on (Slack: the
// room), and scripts change res.message.user in place; hubot calls no brain method for
// either. Both are reported to the brain, once on receipt and once per listener run
// (guard), so it compares those users at its next save rather than every user.
function reportReceivedUsers (robot: Robot): void {
  const receive = robot.receive.bind(robot)
  // Not async: hubot's own receive already is; another layer would cost every line a turn.
  robot.receive = (message) => {
    reportSender(robot, message)
    return receive(message)
  }
}

function reportSender (robot: Robot, message: { user?: { id?: unknown } } | undefined): void {
  const id = message?.user?.id
  if (typeof id === 'string' || typeof id === 'number') noteUserChange(robot, String(id))
}

type MiddlewareChain = { stack: Array<(context: unknown) => unknown>, execute: (context: { response?: unknown, listener?: unknown }) => Promise<unknown> }
type Dispatch = (context: { response: Response }) => Promise<unknown[]>

// Robot.processListeners and Middleware.execute walk plain arrays with `for await`, which
// costs several promise turns per element whether or not anything there runs: with sixty
// listeners that was most of the time a line took, matched or not. The same walks, in
// the same order, with the same stops, errors and catch-all fallback, awaiting only
// the listeners that match and the middleware results.
function awaitOnlyWhatRuns (robot: Robot, log: Logger): void {
  const internals = robot as unknown as { processListeners: Dispatch, middleware: Record<'listener' | 'receive' | 'response', MiddlewareChain> }
  for (const chain of Object.values(internals.middleware)) {
    chain.execute = async (context) => {
      let shouldContinue: unknown = true
      for (const middleware of chain.stack) {
        try {
          shouldContinue = await middleware(context)
          if (shouldContinue === false) break
        } catch (err) {
          robot.emit('error', err, context.response)
          break
        }
      }
      return shouldContinue
    }
  }
  internals.processListeners = async (context) => {
    const message = context.response.message
    const results: unknown[] = []
    let anyListenersExecuted = false
    for (const listener of robot.listeners) {
      try {
        const match = listener.matcher(message)
        if (!match) continue
        results.push(await callListener(robot, log, listener, message, match))
        anyListenersExecuted = true
      } catch (err) {
        robot.emit('error', err, context)
      }
      if (message.done) break
    }
    if (!(message instanceof CatchAllMessage) && !anyListenersExecuted) {
      robot.logger.debug('No listeners executed; falling back to catch-all')
      try {
        results.push(await robot.receive(new CatchAllMessage(message)))
      } catch (err) {
        robot.emit('error', err, context)
      }
    }
    return results
  }
}

type CallableListener = Listener & { regex?: RegExp, callback: ListenerCallback }
type RobotClasses = { Response: new (robot: Robot, message: Message, match: unknown) => Response<TextMessage> }

// Listener.call as hubot 14 has it (the listener middleware, then the callback; a throw
// in either logged, the callback's also emitted), less two costs it paid on every matched
// line: the matcher run a second time, and its debug line (util.inspect of the regex and
// the options) formatted whether debug is on or not. The options print as their id: ours
// carry roles, approval policies and functions.
async function callListener (robot: Robot, log: Logger, matched: Listener, message: Message, match: unknown): Promise<unknown> {
  const listener = matched as CallableListener
  if (listener.regex != null && log.isLevelEnabled('debug')) {
    const id = (listener.options as { id?: string | null } | undefined)?.id ?? null
    log.debug(`Message '${(message as { text?: string }).text ?? ''}' matched regex /${inspect(listener.regex)}/; listener.options = { id: ${JSON.stringify(id)} }`)
  }
  const response = new (robot as unknown as RobotClasses).Response(robot, message, match)
  try {
    const shouldContinue = await (robot.middleware.listener as unknown as MiddlewareChain).execute({ listener, response })
    if (shouldContinue === false) return null
  } catch (err) {
    log.error(`Error executing middleware for listener: ${(err as Error).stack}`)
  }
  try {
    return await listener.callback(response)
  } catch (err) {
    log.error(`Error executing listener callback: ${(err as Error).stack}`)
    robot.emit('error', err, response)
  }
  return null
}

// The id of the listener each Response was made for; the error sink logs it.
const listenerIds = new WeakMap<object, string | null>()
// The callback a script registered, behind the guard that wraps it.
const ownCallbacks = new WeakMap<object, ListenerCallback>()

/** The id of the listener a Response (or hubot's { response } context) was made for; undefined if none. */
export function listenerIdOf (res: unknown): string | null | undefined {
  if (res == null || typeof res !== 'object') return undefined
  return listenerIds.get(res) ?? listenerIds.get((res as { response?: object }).response ?? {})
}

// Listener.call catches a callback's throw, logs "Error executing listener callback:
// <stack>" at error (level 50: every typo would page whoever alerts on it), then emits
// 'error' with a Response that does not say which listener threw. robot.respond, enter,
// leave, topic and catchAll all register through hear or listen, so wrapping those two
// means a callback never throws into hubot: the throw goes to the error handlers, its
// Response tagged with the listener id.
function guardListenerCallbacks (robot: Robot): void {
  const patchable = robot as unknown as Record<'hear' | 'listen', (matcher: unknown, options: unknown, callback?: unknown) => void>
  for (const method of ['hear', 'listen'] as const) {
    const register = patchable[method].bind(robot)
    patchable[method] = (matcher, options, callback) => {
      // hubot's short form (matcher, callback); hubot itself refuses a callback that is not a function.
      if (callback == null) [options, callback] = [{}, options]
      const id = (options as { id?: string | null } | null)?.id ?? null
      register(matcher, options, typeof callback === 'function' ? guard(robot, id, callback as ListenerCallback) : callback)
    }
  }
}

function guard (robot: Robot, id: string | null, callback: ListenerCallback): ListenerCallback {
  const guarded: ListenerCallback = async (res) => {
    listenerIds.set(res, id)
    try {
      const result = await callback(res)
      tell(robot, o => o.settled(res, id, null))
      return result
    } catch (err) {
      tell(robot, o => o.settled(res, id, err))
      robot.emit('error', err, res)
      return null
    } finally {
      reportSender(robot, res.message)
    }
  }
  ownCallbacks.set(guarded, callback)
  return guarded
}

/** What became of each matched listener, for metrics: the middleware's verdict, then the callback's end. */
export interface ListenerObserver {
  /** The listener middleware let the command run (true) or stopped it (false: refused or held). */
  decided: (res: Response, id: string | null, go: boolean) => void
  /** The callback returned (err null) or threw. */
  settled: (res: Response, id: string | null, err: unknown) => void
}

const observers = new WeakMap<Robot, ListenerObserver>()

function tell (robot: Robot, call: (o: ListenerObserver) => void): void {
  const observer = observers.get(robot)
  try { if (observer != null) call(observer) } catch { /* counting must never break a command */ }
}

// hubot runs the listener middleware through robot.middleware.listener.execute and keeps
// its verdict to itself (Listener.call just returns null on a stop).
export function observeListeners (robot: Robot, observer: ListenerObserver): void {
  observers.set(robot, observer)
  type Chain = { execute: (context: { listener: Listener, response: Response }) => Promise<boolean> }
  const chain = (robot as unknown as { middleware: { listener: Chain } }).middleware.listener
  const execute = chain.execute.bind(chain)
  chain.execute = async (context) => {
    const go = await execute(context)
    tell(robot, o => o.decided(context.response, context.listener.options.id ?? null, go !== false))
    return go
  }
}

/**
 * A Response for running a listener outside hubot's dispatch (an approved request, resumed
 * later): of the class the robot uses (hubot 14 keeps it on robot.Response), tagged with the
 * listener id for the error sink.
 */
export function listenerResponse (robot: Robot, listener: Listener, message: TextMessage, match: RegExpMatchArray): Response<TextMessage> {
  type ResponseClass = new (robot: Robot, message: TextMessage, match: RegExpMatchArray) => Response<TextMessage>
  const ResponseCtor = ((robot as unknown as { Response?: ResponseClass }).Response ?? hubot.Response)
  const response = new ResponseCtor(robot, message, match)
  listenerIds.set(response, listener.options.id ?? null)
  return response
}

/** The callback the script registered, not the guard around it: its throw reaches the caller. */
export function ownCallback (listener: Listener): ListenerCallback {
  return ownCallbacks.get(listener.callback) ?? listener.callback
}

/**
 * Emits 'running' as hubot's run() would (scripts may wait for it), then stops the save
 * timer hubot's Brain starts on 'running' (every 5 s): our persistence saves on change.
 */
export function announceRunning (robot: Robot): void {
  robot.emit('running')
  stopBrainTimer(robot)
}

export function stopBrainTimer (robot: Robot): void {
  clearInterval(robot.brain.saveInterval)
}

/**
 * Sets robot.router (and robot.server): hubot creates them only inside run(), with its own
 * express, and scripts call robot.router.get() while they load. Without an HTTP server
 * (-d), a router that refuses with a warning: hubot would leave it undefined and the
 * script's load would crash.
 */
export function setRouter (robot: Robot, http: { app: Robot['router'], server: NonNullable<Robot['server']> } | null, log: Logger): void {
  if (http != null) {
    robot.router = http.app
    robot.server = http.server
    return
  }
  const refuse = (): void => log.warn('a script registered an HTTP route but the HTTP server is disabled (--disable-httpd)')
  robot.router = { get: refuse, post: refuse, put: refuse, delete: refuse, use: refuse } as unknown as Robot['router']
}
