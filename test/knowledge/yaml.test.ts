// The knowledge's YAML parsed at build time (scripts/knowledge-yaml.mjs) and read at start-up
// (src/knowledge/yaml.ts): what start-up gets is what parsing would give, texts the build did not see are
// parsed, and a file written by another version of the parser is not trusted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM script without types
import { filesUnder, parseKnowledgeYamlFiles } from '../../scripts/knowledge-yaml.mjs'
import { knowledgeYamlParser } from '../../src/knowledge/yaml.js'
import { projectPath } from '../../src/paths.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const written = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'knowledge-yaml-')), 'knowledge-yaml.json')
  writeFileSync(file, JSON.stringify(content))
  return file
}

describe('knowledge YAML parsed ahead of start-up', () => {
  const ahead = parseKnowledgeYamlFiles(projectPath('knowledge')) as { yaml: string; parsed: Record<string, unknown> }
  const yamlFiles = (filesUnder(projectPath('knowledge')) as string[]).filter((f) => /\.ya?ml$/.test(f))

  it('holds every knowledge YAML file and the policy front matter, each exactly as parsing gives it', () => {
    expect(yamlFiles.length).toBeGreaterThanOrEqual(10)
    const parseAhead = knowledgeYamlParser(written(ahead))
    for (const file of yamlFiles) {
      const text = readFileSync(file, 'utf8')
      expect(ahead.parsed[sha1(text)], file).toBeDefined()
      expect(parseAhead(text), file).toEqual(parse(text))
    }
    expect(Object.keys(ahead.parsed)).toHaveLength(yamlFiles.length + 1) // and the Markdown's front matter
  })

  it('serves what the file holds, a fresh copy each time, and parses a text it does not hold', () => {
    const text = 'a: 1\n'
    const parseAhead = knowledgeYamlParser(written({ yaml: ahead.yaml, parsed: { [sha1(text)]: { a: 'from the file' } } }))
    const first = parseAhead(text) as { a: string }
    expect(first).toEqual({ a: 'from the file' }) // not parsed again
    first.a = 'changed by a caller'
    expect(parseAhead(text)).toEqual({ a: 'from the file' })
    expect(parseAhead('b: [1, 2]\n')).toEqual({ b: [1, 2] })
  })

  it('does not trust a file written by another version of the parser, nor a missing one', () => {
    const text = 'a: 1\n'
    expect(knowledgeYamlParser(written({ yaml: '0.0.1', parsed: { [sha1(text)]: { a: 'stale' } } }))(text)).toEqual({ a: 1 })
    expect(knowledgeYamlParser(join(tmpdir(), 'no-such-dir', 'knowledge-yaml.json'))(text)).toEqual({ a: 1 })
  })
})
