// A chat line over the limit is refused before any listener's regex sees it: every
// listener's pattern runs on every line, and a few are costly on long input, so one 1 MB
// line used to hold the event loop (and so every other user) for seconds or minutes.
// 4,000 characters is Slack's own recommended maximum for a message's text
// (https://docs.slack.dev/reference/methods/chat.postMessage#truncating): no command is
// that long, while a pasted paragraph for a note or a reason still fits.
import hubot, { type ReceiveContext, type Response, type Robot, type TextMessage } from 'hubot'
import { startsWithBotName } from '../chat/addressed.ts'
import type { Logger } from '../core/log.ts'

export const MAX_LINE_CHARS = 4_000

// Only this much of the line is looked at to see whether it is addressed to the bot.
const NAME_WINDOW = 200

const count = (n: number): string => n.toLocaleString('en-US')

export function installLineLimit (robot: Robot, log: Logger): void {
  // Not an async function: every line passes through here, and a line within the limit
  // (nearly all of them) goes on at once instead of through a promise of its own.
  const limit = (context: ReceiveContext): boolean | Promise<boolean> => {
    const message = context.response.message
    if (!(message instanceof hubot.TextMessage) || typeof message.text !== 'string' || message.text.length <= MAX_LINE_CHARS) return true
    return refuse(robot, log, context.response, message)
  }
  robot.receiveMiddleware(limit)
}

async function refuse (robot: Robot, log: Logger, response: Response, message: TextMessage): Promise<false> {
  const length = message.text.length
  // A long paste in a channel is not for the bot: dropped without a word.
  const addressed = startsWithBotName(message.text.slice(0, NAME_WINDOW), robot.name, robot.alias)
  log.info({ user_id: message.user?.id, room: message.room, length, addressed }, 'refused a chat line over the length limit')
  message.done = true
  if (addressed) {
    await response.reply(`that message is too long for me (${count(length)} characters; I read at most ${count(MAX_LINE_CHARS)}). Send a shorter one.`)
  }
  return false
}
