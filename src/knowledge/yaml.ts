// YAML for the knowledge files, without parsing at start-up what the build has parsed already. Parsing them
// cost about a sixth of start-up (and loading the parser more). scripts/build.mjs parses every knowledge YAML
// file and Markdown front matter into .build/knowledge-yaml.json, keyed by the text's SHA-1; a text found
// there is not parsed again. Anything else (a file edited since the build, a test's own text, no build at all)
// is parsed with `yaml`, loaded only then. Callers validate what they get either way.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { projectPath } from '../paths.js'

/** Written by scripts/build.mjs: { yaml: version of the parser, parsed: { sha1: value } }. */
export const PARSED_YAML_FILE = '.build/knowledge-yaml.json'

const require = createRequire(import.meta.url)
let parser: typeof import('yaml') | undefined

function yaml(): typeof import('yaml') {
  return (parser ??= require('yaml') as typeof import('yaml'))
}

/** The texts a file written by scripts/knowledge-yaml.mjs holds, parsed; empty when there is none to trust. */
function readParsed(file: string): Map<string, unknown> {
  try {
    const written = JSON.parse(readFileSync(file, 'utf8')) as { yaml: string; parsed: Record<string, unknown> }
    // Parsed by another version of the parser: not trusted to be what this one would make.
    const version = (JSON.parse(readFileSync(require.resolve('yaml/package.json'), 'utf8')) as { version: string }).version
    return written.yaml === version ? new Map(Object.entries(written.parsed)) : new Map()
  } catch {
    return new Map() // no build (tests and scripts run the sources), or an unreadable file: parse everything
  }
}

/** A parse(text) like `yaml`'s that first looks in `file`; it returns a fresh copy each call, for the caller to change. */
export function knowledgeYamlParser(file: string): (text: string) => unknown {
  let parsed: Map<string, unknown> | undefined
  return (text) => {
    parsed ??= readParsed(file)
    const known = parsed.get(createHash('sha1').update(text).digest('hex'))
    return known === undefined ? yaml().parse(text) : structuredClone(known)
  }
}

export const parseKnowledgeYaml = knowledgeYamlParser(projectPath(PARSED_YAML_FILE))
