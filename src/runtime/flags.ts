// Command-line flags, compatible with hubot's bin/hubot. Flags are applied as the
// environment variables they stand for, so config.ts stays the one place that checks.
import { parseArgs } from 'node:util'

export interface Flags { env: Record<string, string>, configCheck: boolean, httpd: boolean, help: boolean }

export const USAGE = `Usage: npm start -- [options]
  -a, --adapter NAME     shell (default, also "terminal"), slack, or an adapter package
  -n, --name NAME        the bot's name (default hubot)
  -l, --alias ALIAS      another name the bot answers to
  -d, --disable-httpd    do not start the HTTP server
  -t, --config-check     check the configuration and load the scripts (connecting to
                         nothing), print OK or every problem, exit
  -h, --help             this text`

export function parseFlags (argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      adapter: { type: 'string', short: 'a' },
      name: { type: 'string', short: 'n' },
      alias: { type: 'string', short: 'l' },
      'disable-httpd': { type: 'boolean', short: 'd' },
      'config-check': { type: 'boolean', short: 't' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  const env: Record<string, string> = {}
  if (values.adapter != null) env.HUBOT_ADAPTER = values.adapter
  if (values.name != null) env.HUBOT_NAME = values.name
  if (values.alias != null) env.HUBOT_ALIAS = values.alias
  return { env, configCheck: values['config-check'] === true, httpd: values['disable-httpd'] !== true, help: values.help === true }
}
