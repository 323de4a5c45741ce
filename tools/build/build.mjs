// The production build, run by `npm run build` (and so by npm install and npm ci):
//   1. tsc emits dist/, the source tree compiled file by file (the deploy worker, the
//      scripts whose header comments hubot reads for help, es-worker.mjs);
//   2. esbuild then replaces dist/src/runtime/main.js, the bot's entry point, with a
//      bundle: our modules and the small libraries every start needs in a few files, so a
//      start reads and links a handful of files instead of several hundred.
// Plain JavaScript: a production install has no TypeScript loader.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { build } from 'esbuild'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const DIST = path.join(ROOT, 'dist')

/**
 * Libraries bundled: pure JavaScript that every start loads. Every other dependency stays
 * in node_modules, loaded as before: hubot and pino read files beside their own code
 * (hubot its package.json, pino its transport workers), and the rest (vendor clients,
 * Redis, BullMQ, the Slack client) load only when a start needs them.
 */
const BUNDLED = new Set(['zod', 'yaml', 'express', 'openapi-fetch', 're2js', '@octokit/webhooks-methods'])

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const external = Object.keys(pkg.dependencies).filter(name => !BUNDLED.has(name))

rmSync(DIST, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
if (compiled.status !== 0) process.exit(compiled.status ?? 1)

await build({
  entryPoints: { main: path.join(ROOT, 'src', 'runtime', 'main.ts') },
  // Beside the compiled main.js it replaces, so every path the code takes from its own
  // location (project-root.ts: two folders up is dist/) is the same in the bundle.
  outdir: path.join(DIST, 'src', 'runtime'),
  allowOverwrite: true,
  bundle: true,
  // What is loaded only on demand (the HTTP server, the Slack adapter, --config-check, the
  // deploy queue) stays in chunks of its own, read when first imported.
  splitting: true,
  chunkNames: 'main-[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Bundled CommonJS libraries call require() for Node's own modules.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning'
})
