// Hubot runs the listener when a middleware throws (its Middleware.execute keeps the
// previous "continue" value, and Listener.call ignores the throw). Ours must fail
// closed: an error denies the command, tells the user, and is logged.
import type { ListenerContext, Robot } from 'hubot'
import { botContext } from '../src/core/context.ts'
import { failureLevel, formatError } from '../src/core/errors.ts'

/**
 * A check answers at once (true or false) when it needs nothing stored or said, which is
 * the case for most commands on every message: only the others cost a promise.
 */
export type ListenerMiddleware = (context: ListenerContext) => boolean | Promise<boolean>

/** `refusal`: what the user is told when the error does not explain itself (default: the check failed). */
export function failClosed (robot: Robot, name: string, body: ListenerMiddleware, refusal?: string): ListenerMiddleware {
  const deny = async (context: ListenerContext, err: unknown): Promise<boolean> => {
    const { log } = botContext(robot)
    const listener = context.listener?.options?.id ?? null
    // Storage known to be unreachable is a warning, not a bug: see failureLevel.
    log[failureLevel(err)]({ err, middleware: name, listener }, `${name} middleware failed; command denied`)
    // An error that explains itself (storage known to be unreachable) is said as it is.
    await context.response?.reply?.(formatError(err) ?? refusal ?? `I couldn't check whether you may run that (${name} check failed), so I didn't run it. Try again; if it keeps failing, tell the bot's admins.`)
      .catch(() => undefined)
    return false
  }
  // Exactly one parameter: hubot checks fn.length === 1.
  return function (context: ListenerContext): boolean | Promise<boolean> {
    let verdict: boolean | Promise<boolean>
    try {
      verdict = body(context)
    } catch (err) {
      return deny(context, err)
    }
    return typeof verdict === 'boolean' ? verdict : verdict.catch(async (err: unknown) => await deny(context, err))
  }
}
