// Parses one cleaned policy document (Markdown with YAML front matter) into addressed sections:
// "0" the preamble, "1".."5" each part's opening paragraph, "2.1".. the numbered items （一）（二）… of a part.
import { createHash } from 'node:crypto'
import { parseKnowledgeYaml } from './yaml.js'
import { z } from 'zod'
import { splitSentences } from './sentences.js'
import type { PolicyDocument, Section } from './types.js'

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'id: lower-case letters, digits and dashes'),
  title: z.string().min(1),
  city: z.string().min(1),
  figuresAsOf: z.string().regex(/^\d{4}-\d{2}$/, 'figuresAsOf: YYYY-MM'),
  source: z.string().optional(),
})

const CHINESE_ORDINALS = '一二三四五六七八九十'
const PART_HEADING = /^##\s+([一二三四五六七八九十]+)、\s*(.+)$/
const ITEM_START = /^（([一二三四五六七八九十]+)）\s*([^。]+)。/

function ordinal(chinese: string): number {
  if (chinese.length === 1) return CHINESE_ORDINALS.indexOf(chinese) + 1
  if (chinese.startsWith('十')) return 10 + (chinese.length > 1 ? CHINESE_ORDINALS.indexOf(chinese[1]) + 1 : 0)
  throw new Error(`unsupported ordinal ${chinese}`)
}

export function parsePolicyDocument(raw: string, fileName: string): PolicyDocument {
  const match = raw.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/)
  if (!match) throw new Error(`${fileName}: missing YAML front matter`)
  const meta = frontMatterSchema.safeParse(parseKnowledgeYaml(match[1]))
  if (!meta.success) throw new Error(`${fileName}: ${meta.error.issues.map((i) => i.message).join('; ')}`)
  const body = match[2].trim()
  const { id: docId, title: documentTitle } = meta.data

  const sections: Section[] = []
  const add = (id: string, title: string, label: string, text: string) =>
    sections.push({ docId, documentTitle, id, title, label, text, sentences: splitSentences(text) })

  let part = 0
  let partTitle = ''
  let pending: string[] = []
  const flushOpening = () => {
    if (pending.length === 0) return
    const text = pending.join('\n')
    if (part === 0) add('0', documentTitle, '前言', text)
    else add(String(part), partTitle, `第${CHINESE_ORDINALS[part - 1]}部分`, text)
    pending = []
  }

  for (const paragraph of body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    if (paragraph.startsWith('# ')) continue // the document title
    const heading = paragraph.match(PART_HEADING)
    if (heading) {
      flushOpening()
      part = ordinal(heading[1])
      partTitle = heading[2].trim()
      continue
    }
    const item = paragraph.match(ITEM_START)
    if (item && part > 0) {
      flushOpening()
      const n = ordinal(item[1])
      const text = paragraph.slice(item[0].length).trim()
      add(`${part}.${n}`, item[2].trim(), `第${CHINESE_ORDINALS[part - 1]}部分（${item[1]}）`, text)
      continue
    }
    pending.push(paragraph)
  }
  flushOpening()

  const version = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { id: docId, title: documentTitle, city: meta.data.city, figuresAsOf: meta.data.figuresAsOf, version, sections }
}
