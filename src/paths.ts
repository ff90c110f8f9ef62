// Where the project's own files are, found from this module whether it runs from src/ (tsx) or from the
// start-up bundle in .build/: the nearest folder above with the project's package.json.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findProjectRoot(from: string): string {
  let dir = from
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ningbo-flex-policy-assistant') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the project folder above ${from}`)
    dir = parent
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)))

/** A path inside the project, e.g. projectPath('prompts'). */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts)
}
