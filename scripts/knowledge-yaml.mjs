// The knowledge's YAML parsed ahead of start-up (src/knowledge/yaml.ts reads the result): every YAML file and
// Markdown front matter under a directory, by the SHA-1 of its text. Used by build.mjs and by the tests.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'

/** The front matter of a knowledge Markdown file, as src/knowledge/parse-document.ts finds it. */
const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/

export function filesUnder(dir) {
  const files = []
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.push(path)
    }
  }
  if (existsSync(dir)) walk(dir)
  return files
}

/** { yaml: the parser's version, parsed: { sha1 of a text: what yaml.parse(text) returns } }. */
export function parseKnowledgeYamlFiles(dir) {
  const require = createRequire(import.meta.url)
  const yaml = require('yaml')
  const parsed = {}
  for (const file of filesUnder(dir)) {
    const raw = readFileSync(file, 'utf8')
    const text = /\.ya?ml$/.test(file) ? raw : file.endsWith('.md') ? raw.match(FRONT_MATTER)?.[1] : undefined
    if (text === undefined) continue
    let value
    try {
      value = yaml.parse(text)
    } catch {
      continue // start-up parses it again and reports the error with the file's name
    }
    // Only what JSON keeps exactly (no dates, no special numbers): anything else is parsed at start-up.
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(value) ?? 'null'), value)) parsed[createHash('sha1').update(text).digest('hex')] = value
  }
  return { yaml: require('yaml/package.json').version, parsed }
}
