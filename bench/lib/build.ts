// Our modules as production runs them: the build's (dist/, which `npm run bench` makes
// first), not the sources through tsx, whose transform adds work to every function the
// code creates (esbuild's keepNames) and whose loader thread compiles every module.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const BUILD = path.join(ROOT, 'dist')

/** Imports `file` (a path under dist/, e.g. 'src/runtime/bot.js'), typed as the caller says. */
export async function fromBuild<T> (file: string): Promise<T> {
  const built = path.join(BUILD, file)
  if (!existsSync(built)) throw new Error(`${built} is missing: run the benchmark with npm run bench, which builds first (or npm run build)`)
  return await import(pathToFileURL(built).href) as T
}
