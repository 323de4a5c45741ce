// Where the project's own files are, whether this module runs from its source (src/core,
// under tsx or ts-jest) or from the compiled build (dist/src/core): the build mirrors the
// source tree one folder down, so paths are taken from here, never from the working directory.
import { existsSync } from 'node:fs'
import path from 'node:path'

/** The folder this tree (src/, scripts/, middleware/) sits in: the project, or dist/. */
export const TREE_ROOT = path.resolve(import.meta.dirname, '..', '..')

/** The project itself (where package.json is): files shipped as they are, not compiled. */
export const PROJECT_ROOT = existsSync(path.join(TREE_ROOT, 'package.json')) ? TREE_ROOT : path.dirname(TREE_ROOT)
