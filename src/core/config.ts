// readConfig(env) -> a typed, frozen config. Every environment variable the bot reads is
// checked here, once; nothing else in the project reads process.env. A service without
// credentials is { enabled: false }, not an error. Model: probot read-env-options.ts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { parseDuration } from './duration.ts'
import { BUILT_IN_ADAPTERS } from './config-services.ts'
import { WEBHOOK_HOW_TO_FIX, webhookEnv, webhooksConfig } from './config-webhooks.ts'

export type ApprovalPolicy = { group: string, quorum: number, ttlMs: number }
export type ApprovalRules = Record<string, ApprovalPolicy | null>

// Enumerations are read in any case: HUBOT_LOG_LEVEL=INFO, TRUE, Yes.
const flag = z.string().toLowerCase().pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'])).transform(v => ['true', '1', 'yes'].includes(v))
const port = z.coerce.number().int().min(0).max(65535)
const duration = z.string().transform((v, ctx) => {
  const ms = parseDuration(v)
  if (ms == null) ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; use e.g. 90s, 30m, 2h` })
  return ms ?? 0
})
const roleName = z.string().regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'roles are lowercase letters, digits and _.:-')
const policy = z.object({
  group: roleName,
  quorum: z.number().int().min(1).max(10).default(1),
  ttl: duration.prefault('15m')
}).strict().transform(p => ({ group: p.group, quorum: p.quorum, ttlMs: p.ttl }))
const rules = z.record(z.string().min(1), policy.nullable())
const list = (v: string | undefined): string[] => (v ?? '').split(',').map(s => s.trim()).filter(Boolean)
const url = z.url({ protocol: /^https?$/ })
// A GitHub login (src/services/github/names.ts has the same grammar): letters, digits and
// single inner hyphens, at most 39; Enterprise Managed Users add _<shortcode>.
const githubLogin = z.string().regex(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}(?:_[a-z\d]+)?$/i, 'a GitHub user or organization name: letters, digits and single hyphens')

// A service's variables are also listed in config-services.ts, for --config-check.
const envSchema = z.object({
  HUBOT_NAME: z.string().min(1).default('hubot'),
  HUBOT_ALIAS: z.string().min(1).optional(),
  // A built-in name in any case (-a Slack); a package name or path as typed.
  HUBOT_ADAPTER: z.string().min(1).default('shell').transform(a => Object.hasOwn(BUILT_IN_ADAPTERS, a.toLowerCase()) ? a.toLowerCase() : a),
  HUBOT_LOG_LEVEL: z.string().toLowerCase().pipe(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])).default('info'),
  // pino: pino's own JSON; ecs: Elastic Common Schema, which Kibana reads without mappings.
  HUBOT_LOG_FORMAT: z.string().toLowerCase().pipe(z.enum(['pino', 'ecs'])).default('pino'),
  HUBOT_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  HUBOT_LOG_ELASTICSEARCH_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUBOT_LOG_ELASTICSEARCH_API_KEY: z.string().min(1).optional(),
  HUBOT_SHELL_USER_NAME: z.string().min(1).default('shell'),
  HUBOT_SHELL_USER_ID: z.string().min(1).optional(),
  HUBOT_SHUTDOWN_TIMEOUT: duration.prefault('10s'),
  // Set by Heroku on every dyno; only read to warn when the brain would be on its disk.
  DYNO: z.string().min(1).optional(),
  PORT: port.optional(),
  EXPRESS_PORT: port.optional(),
  EXPRESS_BIND_ADDRESS: z.string().min(1).default('0.0.0.0'),
  EXPRESS_USER: z.string().min(1).optional(),
  EXPRESS_PASSWORD: z.string().min(1).optional(),
  HUBOT_BRAIN_FILE: z.string().min(1).default('.data/brain.json'),
  HUBOT_STORE_FILE: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  HUBOT_REDIS_PREFIX: z.string().min(1).default('hubot:'),
  HUBOT_REDIS_ALLOW_SELF_SIGNED: flag.default(false),
  HUBOT_AUTH_ADMIN: z.string().optional(),
  HUBOT_APPROVAL_RULES: z.string().optional(),
  HUBOT_APPROVAL_RULES_FILE: z.string().min(1).optional(),
  HUBOT_APPROVAL_ROOM: z.string().min(1).optional(),
  HUBOT_APPROVAL_BREAK_GLASS: flag.default(false),
  // Deploys: the configuration file (default ./deploy.yaml, else the shipped example) and
  // a log link template for the start and end messages.
  HUBOT_DEPLOY_CONFIG: z.string().min(1).optional(),
  HUBOT_DEPLOY_LOG_URL: url.refine(u => u.includes('{deploy_id}'), 'a link template containing {deploy_id}').optional(),
  // Deploy workers (with REDIS_URL): jobs run at once per worker, and how long a worker's
  // job lock lasts unrenewed (BullMQ's lockDuration and stalledInterval): a killed worker is
  // noticed after about that long.
  HUBOT_DEPLOY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(2),
  HUBOT_DEPLOY_WORKER_LOCK: duration.prefault('30s'),
  HUBOT_SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token starting xapp-').optional(),
  HUBOT_SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting xoxb-').optional(),
  HUBOT_SLACK_API_URL: url.default('https://slack.com/api/'),
  HUBOT_GITHUB_TOKEN: z.string().min(1).optional(),
  HUBOT_GITHUB_API: url.default('https://api.github.com'),
  HUBOT_GITHUB_USER: githubLogin.optional(),
  HUBOT_GITHUB_ORG: githubLogin.optional(),
  HUBOT_GITHUB_TIMEOUT: duration.prefault('10s'),
  // One search page holds 100; past about 30 lines Slack splits the reply into several posts.
  HUBOT_GITHUB_LIST_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
  HUBOT_PAGERDUTY_API_KEY: z.string().min(1).optional(),
  HUBOT_PAGERDUTY_API_URL: url.default('https://api.pagerduty.com'),
  HUBOT_PAGERDUTY_FROM_EMAIL: z.email().optional(),
  HUBOT_PAGERDUTY_SERVICE_ID: z.string().min(1).optional(),
  HUBOT_PAGERDUTY_SCHEDULES: z.string().optional(),
  HUBOT_PAGERDUTY_TIMEOUT: duration.prefault('10s'),
  HUBOT_ZENDESK_SUBDOMAIN: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, 'only the subdomain: acme for acme.zendesk.com').optional(),
  HUBOT_ZENDESK_URL: url.refine(u => URL.canParse(u) && zendeskApiBase(new URL(u)), 'the API base ending in /api/v2, without a query').optional(),
  HUBOT_ZENDESK_EMAIL: z.email().optional(),
  HUBOT_ZENDESK_TOKEN: z.string().min(1).optional(),
  HUBOT_ZENDESK_OAUTH_TOKEN: z.string().min(1).optional(),
  HUBOT_ZENDESK_TIMEOUT: duration.prefault('10s'),
  // One chat message: 25 lines of about 150 characters stay under Slack's 4,000.
  HUBOT_ZENDESK_LIST_LIMIT: z.coerce.number().int().min(1).max(25).default(10),
  // Signed webhooks announced in rooms (config-webhooks.ts).
  ...webhookEnv
})

/** Every environment variable the bot reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape)

// How to fix each variable, shown by --config-check next to what is wrong.
export const HOW_TO_FIX: Record<string, string> = {
  HUBOT_SLACK_APP_TOKEN: 'Slack app settings > Basic Information > App-Level Tokens (scope connections:write)',
  HUBOT_SLACK_BOT_TOKEN: 'Slack app settings > OAuth & Permissions > Bot User OAuth Token',
  HUBOT_DEPLOY_CONFIG: 'a YAML or JSON deploy configuration file (see deploy.example.yaml)',
  HUBOT_DEPLOY_LOG_URL: 'e.g. https://kibana.example.com/app/discover#/?_a=(query:(language:kuery,query:\'deploy_id:"{deploy_id}"\'))',
  HUBOT_GITHUB_TOKEN: 'GitHub > Settings > Developer settings > Personal access tokens (read access to pull requests)',
  HUBOT_GITHUB_API: 'https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
  HUBOT_PAGERDUTY_API_KEY: 'PagerDuty > Integrations > API Access Keys',
  HUBOT_ZENDESK_URL: 'e.g. https://acme.zendesk.com/api/v2',
  HUBOT_ZENDESK_TOKEN: 'Zendesk Admin Center > Apps and integrations > Zendesk API',
  HUBOT_ZENDESK_OAUTH_TOKEN: 'an OAuth access token with the read scope (Zendesk Admin Center > Apps and integrations > Zendesk API > OAuth Clients)',
  HUBOT_APPROVAL_RULES: 'JSON like {"deploy.*": {"group": "deployers", "quorum": 2, "ttl": "30m"}}',
  REDIS_URL: 'redis://host:6379 or rediss://host:6380',
  HUBOT_AUTH_ADMIN: 'comma-separated chat user ids, e.g. U012ABC,U034DEF',
  ...WEBHOOK_HOW_TO_FIX
}

export type Config = ReturnType<typeof buildConfig>

export class ConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`invalid configuration:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export function readConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(blanksRemoved)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(issue => {
      const name = String(issue.path[0] ?? '')
      const fix = HOW_TO_FIX[name]
      return `${name}: ${issue.message}${fix != null ? ` (${fix})` : ''}`
    })
  // Checked even when other variables are wrong, so --config-check lists every problem.
  const approvalRules = readRules(blanksRemoved.HUBOT_APPROVAL_RULES, blanksRemoved.HUBOT_APPROVAL_RULES_FILE, problems)
  if (!parsed.success) {
    webhooksConfig(blanksRemoved, problems) // its JSON and event lists too
    throw new ConfigError(problems)
  }
  return deepFreeze(buildConfig(parsed.data, approvalRules, problems))
}

function buildConfig (e: z.infer<typeof envSchema>, approvalRules: ApprovalRules, problems: string[]) {
  const brainFile = path.resolve(e.HUBOT_BRAIN_FILE)
  const slackHalf = (e.HUBOT_SLACK_APP_TOKEN == null) !== (e.HUBOT_SLACK_BOT_TOKEN == null)
  if (slackHalf) problems.push('HUBOT_SLACK_APP_TOKEN and HUBOT_SLACK_BOT_TOKEN: set both or neither')
  if ((e.EXPRESS_USER == null) !== (e.EXPRESS_PASSWORD == null)) problems.push('EXPRESS_USER and EXPRESS_PASSWORD: set both or neither')
  const zendesk = zendeskConfig(e, problems)
  const webhooks = webhooksConfig(e, problems)
  if (problems.length > 0) throw new ConfigError(problems)

  return {
    bot: {
      name: e.HUBOT_NAME,
      alias: e.HUBOT_ALIAS ?? null,
      adapter: e.HUBOT_ADAPTER,
      logLevel: e.HUBOT_LOG_LEVEL,
      logFormat: e.HUBOT_LOG_FORMAT,
      shellUser: { name: e.HUBOT_SHELL_USER_NAME, id: e.HUBOT_SHELL_USER_ID ?? e.HUBOT_SHELL_USER_NAME },
      shutdownTimeoutMs: e.HUBOT_SHUTDOWN_TIMEOUT,
      dyno: e.DYNO ?? null
    },
    http: {
      port: e.EXPRESS_PORT ?? e.PORT ?? 8080,
      bindAddress: e.EXPRESS_BIND_ADDRESS,
      basicAuth: e.EXPRESS_USER != null && e.EXPRESS_PASSWORD != null ? { user: e.EXPRESS_USER, password: e.EXPRESS_PASSWORD } : null
    },
    persistence: {
      brainFile,
      storeFile: e.HUBOT_STORE_FILE != null ? path.resolve(e.HUBOT_STORE_FILE) : path.join(path.dirname(brainFile), 'store.json'),
      redis: e.REDIS_URL != null
        ? { url: e.REDIS_URL, prefix: e.HUBOT_REDIS_PREFIX, allowSelfSigned: e.HUBOT_REDIS_ALLOW_SELF_SIGNED }
        : null
    },
    observability: {
      metricsToken: e.HUBOT_METRICS_TOKEN ?? null,
      elasticsearch: e.HUBOT_LOG_ELASTICSEARCH_URL != null ? { url: e.HUBOT_LOG_ELASTICSEARCH_URL, apiKey: e.HUBOT_LOG_ELASTICSEARCH_API_KEY ?? null } : null
    },
    auth: { adminIds: list(e.HUBOT_AUTH_ADMIN) },
    approval: { rules: approvalRules, room: e.HUBOT_APPROVAL_ROOM ?? null, breakGlass: e.HUBOT_APPROVAL_BREAK_GLASS },
    deploy: { configFile: e.HUBOT_DEPLOY_CONFIG ?? null, logUrl: e.HUBOT_DEPLOY_LOG_URL ?? null, workerConcurrency: e.HUBOT_DEPLOY_WORKER_CONCURRENCY, workerLockMs: e.HUBOT_DEPLOY_WORKER_LOCK },
    slack: e.HUBOT_SLACK_APP_TOKEN != null && e.HUBOT_SLACK_BOT_TOKEN != null
      ? { enabled: true as const, appToken: e.HUBOT_SLACK_APP_TOKEN, botToken: e.HUBOT_SLACK_BOT_TOKEN, apiUrl: withSlash(e.HUBOT_SLACK_API_URL) }
      : { enabled: false as const, apiUrl: withSlash(e.HUBOT_SLACK_API_URL) },
    github: e.HUBOT_GITHUB_TOKEN != null
      ? {
          enabled: true as const,
          token: e.HUBOT_GITHUB_TOKEN,
          apiUrl: e.HUBOT_GITHUB_API.replace(/\/+$/, ''),
          user: e.HUBOT_GITHUB_USER ?? null,
          org: e.HUBOT_GITHUB_ORG ?? null,
          timeoutMs: e.HUBOT_GITHUB_TIMEOUT,
          listLimit: e.HUBOT_GITHUB_LIST_LIMIT
        }
      : { enabled: false as const },
    pagerduty: e.HUBOT_PAGERDUTY_API_KEY != null
      ? {
          enabled: true as const,
          apiKey: e.HUBOT_PAGERDUTY_API_KEY,
          apiUrl: e.HUBOT_PAGERDUTY_API_URL.replace(/\/+$/, ''),
          fromEmail: e.HUBOT_PAGERDUTY_FROM_EMAIL ?? null,
          serviceId: e.HUBOT_PAGERDUTY_SERVICE_ID ?? null,
          schedules: list(e.HUBOT_PAGERDUTY_SCHEDULES),
          timeoutMs: e.HUBOT_PAGERDUTY_TIMEOUT
        }
      : { enabled: false as const },
    zendesk,
    webhooks
  }
}

// node-zendesk appends each path (and .json) to the base as text: no query or fragment.
function zendeskApiBase (u: URL): boolean {
  return /\/api\/v2\/*$/.test(u.pathname) && u.search === '' && u.hash === ''
}

// Zendesk: where (a subdomain, or the API base for proxies and tests) and how (an agent's
// email + API token, or an OAuth token: Zendesk ends API tokens on 2027-04-30). Without
// both it is off and its commands name what is missing (--config-check reports a partial
// setting); two answers to one question are a problem.
function zendeskConfig (e: z.infer<typeof envSchema>, problems: string[]) {
  const where = e.HUBOT_ZENDESK_URL ?? (e.HUBOT_ZENDESK_SUBDOMAIN != null ? `https://${e.HUBOT_ZENDESK_SUBDOMAIN.toLowerCase()}.zendesk.com/api/v2` : null)
  const basic = e.HUBOT_ZENDESK_TOKEN != null && e.HUBOT_ZENDESK_EMAIL != null
  const oauth = e.HUBOT_ZENDESK_OAUTH_TOKEN != null
  if (e.HUBOT_ZENDESK_URL != null && e.HUBOT_ZENDESK_SUBDOMAIN != null) problems.push('HUBOT_ZENDESK_SUBDOMAIN and HUBOT_ZENDESK_URL: set one, not both')
  if (e.HUBOT_ZENDESK_TOKEN != null && oauth) problems.push('HUBOT_ZENDESK_TOKEN and HUBOT_ZENDESK_OAUTH_TOKEN: set one, not both')
  if (where == null || (!basic && !oauth)) {
    const location = 'HUBOT_ZENDESK_SUBDOMAIN (your account\'s, or HUBOT_ZENDESK_URL)'
    const credentials = 'HUBOT_ZENDESK_EMAIL + HUBOT_ZENDESK_TOKEN (an agent\'s email and API token) or HUBOT_ZENDESK_OAUTH_TOKEN'
    const missing = where == null ? (basic || oauth ? location : `${location} and either ${credentials}`) : credentials
    return { enabled: false as const, missing }
  }
  const apiUrl = where.replace(/\/+$/, '')
  return {
    enabled: true as const,
    apiUrl,
    // Ticket links go to the agent view on the account's own origin.
    webUrl: new URL(apiUrl).origin,
    auth: oauth
      ? { kind: 'oauth' as const, oauthToken: e.HUBOT_ZENDESK_OAUTH_TOKEN as string }
      : { kind: 'token' as const, email: e.HUBOT_ZENDESK_EMAIL as string, apiToken: e.HUBOT_ZENDESK_TOKEN as string },
    timeoutMs: e.HUBOT_ZENDESK_TIMEOUT,
    listLimit: e.HUBOT_ZENDESK_LIST_LIMIT
  }
}

function readRules (inline: string | undefined, file: string | undefined, problems: string[]): ApprovalRules {
  const sources: Array<[string, () => string]> = []
  if (file != null) sources.push(['HUBOT_APPROVAL_RULES_FILE', () => readFileSync(file, 'utf8')])
  if (inline != null) sources.push(['HUBOT_APPROVAL_RULES', () => inline])
  const merged: ApprovalRules = {}
  for (const [name, read] of sources) {
    let json: unknown
    try {
      json = JSON.parse(read())
    } catch (err) {
      problems.push(`${name}: cannot read JSON (${(err as Error).message}) (${HOW_TO_FIX.HUBOT_APPROVAL_RULES})`)
      continue
    }
    const result = rules.safeParse(json)
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${name}: ${issue.path.join('.')}: ${issue.message}`)
      continue
    }
    Object.assign(merged, result.data) // inline rules win over the file's
  }
  return merged
}

function withSlash (u: string): string {
  return u.endsWith('/') ? u : `${u}/`
}

function deepFreeze<T> (o: T): T {
  if (o != null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}
