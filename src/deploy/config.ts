// The deploy configuration file (YAML or JSON): apps, their environments and tasks, each
// task an argv template, never a shell string. Validated with zod; every problem names the
// file and the path inside it, so --config-check and the start-up log point at the line
// to fix.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { parseDuration } from '../core/duration.ts'
import { PROJECT_ROOT } from '../core/project-root.ts'

/** Words the chat commands use themselves: a task of that name would shadow them. */
export const RESERVED_TASKS = ['deploys', 'list', 'status', 'log', 'cancel', 'where', 'lock', 'unlock', 'locks', 'approve', 'approval', 'approvals', 'deny', 'help']
export const PLACEHOLDERS = ['app', 'ref', 'env', 'task', 'user', 'deploy_id']
/** {sha}: the commit, known only for an app with a repo (checked per app below). */
const REPO_PLACEHOLDERS = ['sha']
export const DEFAULT_TIMEOUT_MS = 30 * 60_000

const name = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/i, 'names are letters, digits and _.- (at most 50)')
const duration = z.string().transform((v, ctx) => {
  const ms = parseDuration(v)
  if (ms == null) ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; use e.g. 300ms, 90s, 30m, 2h` })
  return ms ?? 0
})
const argument = z.string().min(1).refine(
  a => [...a.matchAll(/\{([^{}]*)\}/g)].every(m => PLACEHOLDERS.includes(m[1]) || REPO_PLACEHOLDERS.includes(m[1])),
  `unknown placeholder; the placeholders are ${PLACEHOLDERS.map(p => `{${p}}`).join(' ')}`)
const task = z.object({
  // The program itself is configured, never chosen in chat: no placeholder in it.
  command: z.tuple([z.string().min(1).regex(/^[^{}]+$/, 'the program (first element) cannot hold a placeholder')], argument),
  timeout: duration.optional(),
  env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).default([])
}).strict()
const approval = z.object({
  group: z.string().regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'roles are lowercase letters, digits and _.:-'),
  quorum: z.number().int().min(1).max(10).optional(),
  ttl: z.string().refine(v => parseDuration(v) != null, 'a duration such as 30m').optional()
}).strict()
// require_green: a commit whose checks failed or still run is refused before approval.
const environment = z.object({ approval: approval.optional(), require_green: z.boolean().optional() }).strict()
const app = z.object({
  default_ref: z.string().default('main'),
  rooms: z.array(z.string().min(1)).optional(),
  // The app's GitHub repository: refs resolve to commits there, and requests show what changes.
  repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name of a GitHub repository').optional(),
  github_deployments: z.boolean().optional(),
  environments: z.record(name, environment.nullable().transform(e => e ?? {})),
  tasks: z.record(name, task)
}).strict().superRefine((a, ctx) => {
  // Each of these needs the commit, which only a repo gives.
  if (a.repo != null) return
  if (a.github_deployments === true) ctx.addIssue({ code: 'custom', path: ['github_deployments'], message: 'needs repo: owner/name' })
  for (const [env, e] of Object.entries(a.environments)) {
    if (e.require_green === true) ctx.addIssue({ code: 'custom', path: ['environments', env, 'require_green'], message: 'needs repo: owner/name' })
  }
  for (const [t, def] of Object.entries(a.tasks)) {
    if (def.command.some(arg => arg.includes('{sha}'))) ctx.addIssue({ code: 'custom', path: ['tasks', t, 'command'], message: '{sha} needs repo: owner/name' })
  }
})
const schema = z.object({ apps: z.record(name, app) }).strict()

export type DeployApps = z.infer<typeof schema>['apps']
export type AppConfig = DeployApps[string]
export type TaskConfig = AppConfig['tasks'][string]

export interface DeployConfig {
  /** The file it came from (absolute); relative commands run from its directory. */
  file: string
  dir: string
  apps: DeployApps
}

export class DeployConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`deploy configuration problems:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'DeployConfigError'
    this.problems = problems
  }
}

export const EXAMPLE_FILE = path.join(PROJECT_ROOT, 'deploy.example.yaml')

/**
 * Which file to load: HUBOT_DEPLOY_CONFIG when set (it must exist), else deploy.yaml in
 * the working directory, else the shipped example (`example: true`, said at start).
 */
export function chooseConfigFile (configured: string | null, cwd = process.cwd()): { file: string, example: boolean } {
  if (configured != null) return { file: path.resolve(cwd, configured), example: false }
  const local = path.resolve(cwd, 'deploy.yaml')
  return existsSync(local) ? { file: local, example: false } : { file: EXAMPLE_FILE, example: true }
}

export function loadDeployConfig (file: string): DeployConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new DeployConfigError([`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); set HUBOT_DEPLOY_CONFIG to a deploy configuration file`])
  }
  let data: unknown
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new DeployConfigError([`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`])
  }
  const parsed = schema.safeParse(data)
  // Reserved task names are looked for apart from the schema, so they are listed with its
  // other problems (zod skips an object's refinements while a field inside it is wrong).
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map(i => `${file}: ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)),
    ...reservedTasks(data).map(p => `${file}: ${p}: a task cannot be named ${RESERVED_TASKS.join(', ')}`)
  ]
  if (!parsed.success || problems.length > 0) throw new DeployConfigError(problems)
  return { file, dir: path.dirname(file), apps: parsed.data.apps }
}

function reservedTasks (data: unknown): string[] {
  const apps = (data as { apps?: unknown } | null)?.apps
  if (apps == null || typeof apps !== 'object') return []
  return Object.entries(apps).flatMap(([app, a]) => {
    const tasks = (a as { tasks?: unknown } | null)?.tasks
    if (tasks == null || typeof tasks !== 'object') return []
    return Object.keys(tasks).filter(t => RESERVED_TASKS.includes(t.toLowerCase())).map(t => `apps.${app}.tasks.${t}`)
  })
}

export function timeoutOf (task: TaskConfig): number {
  return task.timeout ?? DEFAULT_TIMEOUT_MS
}
