// The one place that imports @hubot-friends/hubot-slack's private files. Its package has
// no "exports" map and its index.mjs exports only use(robot), which builds its own Web API
// and Socket Mode clients; we need the classes themselves (to inject clients on
// HUBOT_SLACK_API_URL and replace what they get wrong), so we import src/Bot.mjs and
// src/Message.mjs. Nothing promises those paths or classes across releases: they are
// checked when loaded, and an upgrade that moves or changes them stops `-a slack` at
// start with the package version named, instead of failing on the first message.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import hubot from 'hubot'

type BotModule = typeof import('@hubot-friends/hubot-slack/src/Bot.mjs')
type MessageModule = typeof import('@hubot-friends/hubot-slack/src/Message.mjs')

export interface HubotSlackInternals {
  version: string
  SlackBot: BotModule['SlackBot']
  SlackClient: BotModule['SlackClient']
  SlackTextMessage: MessageModule['SlackTextMessage']
}

/** The version this adapter was written and tested against. */
export const TESTED_VERSION = '3.8.0'

/** The package's own directory (where its package.json is). */
export function hubotSlackRoot (): string {
  return path.dirname(createRequire(import.meta.url).resolve('@hubot-friends/hubot-slack/package.json'))
}

/** What our adapter relies on that `mod` lacks; [] when everything is there. */
function missingParts (bot: Partial<BotModule>, message: Partial<MessageModule>): string[] {
  const { Adapter, TextMessage } = hubot as unknown as { Adapter: new (...a: never[]) => unknown, TextMessage: new (...a: never[]) => unknown }
  const missing: string[] = []
  const isClass = (c: unknown): c is { prototype: Record<string, unknown> } => typeof c === 'function' && c.prototype != null
  if (!isClass(bot.SlackBot)) missing.push('src/Bot.mjs export SlackBot')
  else if (!(bot.SlackBot.prototype instanceof Adapter)) missing.push('SlackBot extending hubot\'s Adapter')
  if (!isClass(bot.SlackClient)) missing.push('src/Bot.mjs export SlackClient')
  else {
    for (const method of ['onEvent', 'disconnect', 'loadUsers']) {
      if (typeof bot.SlackClient.prototype[method] !== 'function') missing.push(`SlackClient#${method}()`)
    }
  }
  if (!isClass(message.SlackTextMessage)) missing.push('src/Message.mjs export SlackTextMessage')
  else if (!(message.SlackTextMessage.prototype instanceof TextMessage)) missing.push('SlackTextMessage extending hubot\'s TextMessage')
  return missing
}

function upgradeError (version: string, what: string, cause?: unknown): Error {
  return new Error(`@hubot-friends/hubot-slack ${version}: ${what}. The Slack adapter (src/adapters/slack/hubot-slack-internals.ts) ` +
    `builds on these private files, tested with version ${TESTED_VERSION}: install that version ` +
    `(npm install @hubot-friends/hubot-slack@${TESTED_VERSION}) or update the adapter to the new release`, { cause })
}

/** Imports the private classes from the package at `root`, or throws naming its version and what is missing. */
export async function loadHubotSlack (root = hubotSlackRoot()): Promise<HubotSlackInternals> {
  let version = 'of unknown version'
  try {
    version = String((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown }).version)
  } catch { /* named as unknown below */ }
  let bot: Partial<BotModule>
  let message: Partial<MessageModule>
  try {
    bot = await import(pathToFileURL(path.join(root, 'src', 'Bot.mjs')).href) as BotModule
    message = await import(pathToFileURL(path.join(root, 'src', 'Message.mjs')).href) as MessageModule
  } catch (err) {
    throw upgradeError(version, `cannot import src/Bot.mjs and src/Message.mjs (${(err as Error).message})`, err)
  }
  const missing = missingParts(bot, message)
  if (missing.length > 0) throw upgradeError(version, `no longer has ${missing.join(', ')}`)
  return { version, SlackBot: bot.SlackBot!, SlackClient: bot.SlackClient!, SlackTextMessage: message.SlackTextMessage! }
}

// Loaded once, when the Slack adapter is first imported (never by the terminal adapter).
export const { SlackBot, SlackClient, SlackTextMessage, version: HUBOT_SLACK_VERSION } = await loadHubotSlack()
