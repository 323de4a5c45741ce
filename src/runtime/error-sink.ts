// The one place an error becomes a chat message and a log line, once each. Known errors
// (BotError, ServiceError) become their sentence and an info or warn line: they are a
// typo, a refusal or a vendor's bad minute, not a bug, and must not page whoever alerts on
// level 50. Anything else becomes "something went wrong (reference <id>)" and one error
// line with the stack under that id. Every line names the listener that failed. Nothing
// else reaches chat: no stack, no token, no URL query. A sentence can carry a vendor's
// own words (PagerDuty's reason for a 400), so it passes the same redaction as the logs,
// plus the literal secret values the bot is configured with (a PagerDuty key has no shape
// a pattern could find).
import { randomBytes } from 'node:crypto'
import type { Response, Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { BotError, ServiceError, failureLevel, formatError } from '../core/errors.ts'
import { redactInLogs, type Logger } from '../core/log.ts'
import { secretValuesOf } from '../core/redact.ts'
import { listenerIdOf } from './hubot-compat.ts'

export function installErrorSink (robot: Robot, log: Logger): void {
  const secrets = secretValuesOf(botContext(robot).config)
  redactInLogs(log, secrets)
  robot.error((err: Error, resOrContext?: Response | { response?: Response }) => {
    // Listener errors come with a Response; hubot's own dispatch errors with { response }.
    const res = resOrContext != null && 'send' in resOrContext ? resOrContext : resOrContext?.response
    const known = formatError(err, secrets)
    const reference = randomBytes(4).toString('hex')
    const where = { listener_id: listenerIdOf(resOrContext) ?? null, user_id: res?.message?.user?.id, user_name: res?.message?.user?.name, room: res?.message?.room }
    if (err instanceof ServiceError) {
      log[failureLevel(err)]({ ...where, code: err.code, service: err.service, status: err.status, err }, 'command failed')
    } else if (err instanceof BotError) {
      // A user's mistake or a refusal: its sentence, no stack.
      log[failureLevel(err)]({ ...where, code: err.code, reason: err.message }, 'command failed')
    } else {
      log.error({ ...where, err, reference }, 'unexpected error')
    }
    // A Response only when a message caused it; middleware errors pass a context instead.
    if (res == null || typeof res.send !== 'function') return
    const text = known ?? `something went wrong (reference ${reference}); the error is logged, tell the bot's admins the reference`
    res.reply(text).catch((sendErr: unknown) => log.error({ err: sendErr, reference }, 'could not report an error to chat'))
  })
}
