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
import { formatHelpEntry, helpEntries, mentionsAll } from '../src/access/index.ts'

export default (robot: Robot): void => {
  robot.respond(/help(?:\s+(.+))?$/i, { id: 'help.show' }, async (res) => {
    const typed = (res.match[1] ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    const ids = typed.includes('--ids')
    const words = typed.filter(w => w !== '--ids')
    const entries = helpEntries(robot, botContext(robot).config.approval.rules)
      .filter(e => mentionsAll(e, words))
      .map(e => formatHelpEntry(e, { ids }))
      .sort()
    if (entries.length === 0) {
      await res.send(`No command mentions "${quoteInput(words.join(' '))}". Say "${robot.name} help" for every command.`)
      return
    }
    await res.send(entries.join('\n'))
  })

  // Only for messages addressed to the bot: in a Slack channel most lines are not for us.
  robot.catchAll(async (res) => {
    const original = (res.message as unknown as { message?: unknown }).message
    if (!(original instanceof hubot.TextMessage)) return
    const addressed = robot.respondPattern(/(.+)/i).exec(original.text)
    if (addressed == null) return
    await res.send(`I don't know how to "${quoteInput(addressed[1])}". Say "${robot.name} help" for what I can do.`)
  })
}
