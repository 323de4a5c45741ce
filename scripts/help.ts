// Description:
//   Lists the commands the bot knows, with who may run them.
//
// Configuration:
//   None
//
// Commands:
//   hubot help - every command, with its role and approval requirements
//   hubot help <words> - only the commands that mention all of those words
//   hubot help --ids [<filter>] - the same, with each command's listener id (the names HUBOT_APPROVAL_RULES takes)
//

import hubot, { type Robot } from 'hubot'
import { quoteInput } from '../src/chat/quote.ts'
import { botContext } from '../src/core/context.ts'
import { helpLines } from '../src/access/index.ts'

export default (robot: Robot): void => {
  robot.respond(/help(?:\s+(.+))?$/i, { id: 'help.show' }, async (res) => {
    const typed = (res.match[1] ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    const ids = typed.includes('--ids')
    const words = typed.filter(w => w !== '--ids')
    const entries = helpLines(robot, botContext(robot).config.approval.rules, words, { ids })
    if (entries.length === 0) {
      await res.send(`No command mentions "${quoteInput(words.join(' '))}". Say "${robot.name} help" for every command.`)
      return
    }
    await res.send(entries.join('\n'))
  })

  // Only for messages addressed to the bot: in a Slack channel most lines are not for us.
  // The pattern is built once per bot name and alias, not for every line nobody answered.
  let addressedTo = { name: robot.name, alias: robot.alias, pattern: robot.respondPattern(/(.+)/i) }
  robot.catchAll(async (res) => {
    const original = (res.message as unknown as { message?: unknown }).message
    if (!(original instanceof hubot.TextMessage)) return
    if (addressedTo.name !== robot.name || addressedTo.alias !== robot.alias) {
      addressedTo = { name: robot.name, alias: robot.alias, pattern: robot.respondPattern(/(.+)/i) }
    }
    const addressed = addressedTo.pattern.exec(original.text)
    if (addressed == null) return
    await res.send(`I don't know how to "${quoteInput(addressed[1])}". Say "${robot.name} help" for what I can do.`)
  })
}
