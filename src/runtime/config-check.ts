// --config-check: everything that would make `npm start` fail, or silently not do what the
// operator meant, listed at once. Besides what readConfig refuses: the chosen adapter's
// missing settings, an adapter that does not exist, settings of a service that is off, and
// approval rules that match no command, which needs the scripts loaded: they are, into a
// robot with a silent adapter, memory persistence and no HTTP server, so the check
// connects to nothing (external scripts are loaded too; one that connects at load does).
// Values are never printed: a variable is named, with how to fix it.
import { createRequire } from 'node:module'
import path from 'node:path'
import { Writable } from 'node:stream'
import hubot, { type Adapter as HubotAdapter, type Robot } from 'hubot'
import { ConfigError, HOW_TO_FIX, readConfig, type ApprovalRules, type Config } from '../core/config.ts'
import { BUILT_IN_ADAPTERS, SERVICE_VARIABLES, type ServiceVariables } from '../core/config-services.ts'
import { closest } from '../core/closest.ts'
import { createLogger } from '../core/log.ts'
import { quoteInput } from '../chat/quote.ts'
import { MemoryBrain } from '../brain/index.ts'
import { MemoryStore } from '../store/index.ts'
import { SCRIPTS_DIR, createBot, type Bot } from './bot.ts'
import { inlineRuleKeys, unmatchedRules } from './rule-ids.ts'
import { startupWarnings } from './startup-warnings.ts'
import { chooseConfigFile, DeployConfigError, loadDeployConfig } from '../deploy/index.ts'

export interface CheckOptions {
  /** Default: ./scripts, as at start. */
  scriptsDir?: string
  /** Default: ./external-scripts.json, as at start; null: none. */
  externalScriptsFile?: string | null
}

export interface CheckReport {
  /** Each makes the check fail (exit 1). */
  problems: string[]
  /** Printed, but the configuration runs. */
  warnings: string[]
}

type Env = Record<string, string>

export async function checkConfiguration (env: NodeJS.ProcessEnv, options: CheckOptions = {}): Promise<CheckReport> {
  const raw: Env = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''))
  const problems: string[] = []
  let config: Config | null = null
  try {
    config = readConfig(raw)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    problems.push(...err.problems)
  }
  const add = (more: string[]): void => { problems.push(...more) }
  add(adapterProblems(raw, problems))
  add(serviceProblems(raw, problems))
  const { ids, failures } = await loadListenerIds(config ?? readConfig({}), options)
  add(failures)
  add(unmatchedRules(config?.approval.rules ?? rulesAlone(raw), ids, inlineRuleKeys(raw.HUBOT_APPROVAL_RULES)))
  if (config != null) add(deployProblems(config))
  return { problems, warnings: config != null ? startupWarnings(config) : [] }
}

const fixFor = (name: string): string => HOW_TO_FIX[name] != null ? ` (${HOW_TO_FIX[name]})` : ''
// A variable an earlier line already names needs no second line.
const named = (problems: string[], name: string): boolean => problems.some(p => new RegExp(`\\b${name}\\b`).test(p))
const isOn = (s: ServiceVariables, raw: Env): boolean => s.enabling.some(set => set.every(v => raw[v] != null))

function adapterProblems (raw: Env, earlier: string[]): string[] {
  const adapter = raw.HUBOT_ADAPTER ?? 'shell'
  const builtIns = Object.keys(BUILT_IN_ADAPTERS)
  const builtIn = adapter.toLowerCase()
  if (!Object.hasOwn(BUILT_IN_ADAPTERS, builtIn)) {
    if (packageResolves(adapter)) return []
    const guess = closest(adapter, builtIns, 1, 2)[0]
    return [`HUBOT_ADAPTER (-a): no adapter of that name is built in or installed${guess != null ? `; did you mean "${guess}"?` : ''} ` +
      `(built in: ${builtIns.join(', ')}; or an installed package that exports use(robot))`]
  }
  const service = BUILT_IN_ADAPTERS[builtIn]
  const needs = service != null ? SERVICE_VARIABLES[service] : undefined
  if (needs == null || isOn(needs, raw)) return []
  // The set of variables nearest to complete is the one to finish.
  const nearest = [...needs.enabling].sort((a, b) => a.filter(v => raw[v] == null).length - b.filter(v => raw[v] == null).length)[0]
  return nearest.filter(v => raw[v] == null && !named(earlier, v)).map(v => `${v}: the ${builtIn} adapter needs it${fixFor(v)}`)
}

// Where resolveAdapter (src/adapters/index.ts) imports an adapter package from. Resolving
// runs none of its code.
function packageResolves (name: string): boolean {
  try {
    createRequire(new URL('../adapters/index.ts', import.meta.url)).resolve(name)
    return true
  } catch (err) {
    // Installed, but ESM-only: require cannot resolve it, import can.
    return (err as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
  }
}

function serviceProblems (raw: Env, earlier: string[]): string[] {
  const out: string[] = []
  // The chosen adapter's service is wanted: its missing variables are listed above, and
  // its other settings will apply once they are set.
  const wanted = BUILT_IN_ADAPTERS[(raw.HUBOT_ADAPTER ?? 'shell').toLowerCase()] ?? null
  for (const [name, s] of Object.entries(SERVICE_VARIABLES)) {
    if (name === wanted || isOn(s, raw)) continue
    const set = [...new Set([...s.enabling.flat(), ...s.dependent])].filter(v => raw[v] != null && !named([...earlier, ...out], v))
    if (set.length === 0) continue
    const needs = s.needs ?? s.enabling[0].map(v => `${v}${fixFor(v)}`).join(' and ')
    const them = s.needs != null || s.enabling[0].length > 1 ? 'them' : 'it'
    out.push(`${set.join(', ')}: set, but ${s.label} is off: it needs ${needs}; set ${them}, or unset ${set.length > 1 ? 'these' : 'this'}`)
  }
  return out
}

/** The deploy configuration file's problems, each naming the file and the path in it. */
function deployProblems (config: Config): string[] {
  try {
    loadDeployConfig(chooseConfigFile(config.deploy.configFile).file)
    return []
  } catch (err) {
    if (err instanceof DeployConfigError) return err.problems.map(p => `HUBOT_DEPLOY_CONFIG: ${p}`)
    throw err
  }
}

/** The rules alone, when other variables are wrong: their own problems are already listed. */
function rulesAlone (raw: Env): ApprovalRules {
  try {
    return readConfig({ HUBOT_APPROVAL_RULES: raw.HUBOT_APPROVAL_RULES, HUBOT_APPROVAL_RULES_FILE: raw.HUBOT_APPROVAL_RULES_FILE }).approval.rules
  } catch {
    return {}
  }
}

/** Loads the scripts as a start would, into a robot that connects nowhere; their listener ids, and what failed to load. */
async function loadListenerIds (config: Config, options: CheckOptions): Promise<{ ids: string[], failures: string[] }> {
  const errors: Array<{ msg?: string, err?: { message?: string } }> = []
  const sink = new Writable({
    write (chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) errors.push(JSON.parse(line) as typeof errors[number])
      done()
    }
  })
  const { Adapter } = hubot as unknown as { Adapter: new (robot: Robot) => HubotAdapter }
  // hubot's Robot constructor builds a pino logger from process.env.HUBOT_LOG_LEVEL, which
  // throws on a level pino does not know (already a problem above); ours replaces it.
  const level = process.env.HUBOT_LOG_LEVEL
  process.env.HUBOT_LOG_LEVEL = 'silent'
  let bot: Bot
  try {
    bot = await createBot({
      config,
      log: createLogger({ level: 'error', destination: sink }),
      adapter: { use: robot => new Adapter(robot) },
      brain: new MemoryBrain(),
      store: new MemoryStore(),
      httpd: false,
      scriptsDir: options.scriptsDir ?? SCRIPTS_DIR,
      externalScriptsFile: options.externalScriptsFile === null ? null : options.externalScriptsFile ?? path.resolve('external-scripts.json')
    })
  } catch (err) {
    // A start would fail the same way (a missing scripts folder, say).
    return { ids: [], failures: [`the scripts could not be loaded: ${quoteInput(String((err as { message?: unknown } | null)?.message ?? err), 300)}`] }
  } finally {
    if (level === undefined) delete process.env.HUBOT_LOG_LEVEL
    else process.env.HUBOT_LOG_LEVEL = level
  }
  const ids = bot.robot.listeners.map(l => l.options?.id).filter((id): id is string => typeof id === 'string')
  await bot.stop()
  // Our loaders log each failure with its error; hubot's own duplicate line has none.
  const failures = errors.filter(e => e.err != null).map(e => `${e.msg ?? 'loading failed'}: ${quoteInput(e.err?.message ?? '', 300)}`)
  return { ids, failures }
}
