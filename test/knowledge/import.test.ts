// `npm run knowledge -- import`: a .txt, .docx and .pdf source (test data made here: fictional documents, each
// titled （测试用虚构文件）) become validated documents, cleaned of their damage with the wording unchanged.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ImportError } from '../../src/knowledge/import/errors.js'
import { findIssuer } from '../../src/knowledge/import/issuer.js'
import { importDocument } from '../../src/knowledge/import/import-document.js'
import { cleanLines, noCounts, toParagraphs } from '../../src/knowledge/import/clean.js'
import { parsePolicyDocument } from '../../src/knowledge/parse-document.js'
import { makeDocx, makePdf } from '../fixtures/import/build.js'

const run = promisify(execFile)
const tmp = mkdtempSync(join(tmpdir(), 'knowledge-import-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const TITLE = '（测试用虚构文件）某市灵活就业人员示例补贴办法'
const HEADER = '某市示例补贴办法（测试数据）'
/** A PDF-damaged text: page numbers, a running header, a sentence broken across a page break, spaces in figures. */
const DAMAGED_TXT = [
  TITLE,
  '示市人社〔2099〕1号',
  '',
  '一、总体要求',
  '为支持灵活就业人员，制定本',
  '办法。补贴标准为每人每月 4 50 元，2098 年共发放 1. 77 万元。',
  '（一）适用范围',
  '本办法适用于在示 例市登记的灵活就业人员，申请人应当',
  '',
  '- 1 -',
  '\f' + HEADER,
  '同时满足下列条件。',
  '1. 申请条件',
  '申请人应当符合下列条件：',
  '（1）年满十六周岁。',
  '（2）**已办理**就业登记。',
  '— 2 —',
  '\f' + HEADER,
  '二、附则',
  '本办法由某市人力资源和社会保障局负责解释。',
  '某市人力资源和社会保障局',
  '2099年1月1日',
  '第 3 页',
].join('\n')

const strip = (s: string) => s.replace(/\s+/g, '')
const bodyOf = (md: string) => md.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^#+ /gm, '')

/** Runs the CLI for real, with KNOWLEDGE_DIR at `dir`. */
async function cli(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/knowledge.ts', 'import', ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: dir },
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/** The reason an import gives up with, and that it wrote nothing. */
async function refusal(options: Parameters<typeof importDocument>[0]): Promise<string> {
  const error = await importDocument(options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ImportError)
  expect(existsSync(join(options.knowledgeDir, 'documents', `${options.id}.md`))).toBe(false)
  return (error as ImportError).reason
}

describe('importing a damaged .txt', () => {
  it('writes a valid document: headings found, page numbers, header and broken lines mended, wording unchanged', async () => {
    const file = join(tmp, 'damaged.txt')
    writeFileSync(file, DAMAGED_TXT)
    const dir = join(tmp, 'txt')
    const { path, markdown, report, text } = await importDocument({ file, knowledgeDir: dir, id: 'test-txt', effective: '2099-02-01' })
    expect(path).toBe(join(dir, 'documents', 'test-txt.md'))
    expect(readFileSync(path, 'utf8')).toBe(markdown)

    const doc = parsePolicyDocument(markdown, path)
    expect(doc.title).toBe(TITLE)
    expect(doc.issuer).toBe('某市人力资源和社会保障局') // the signature above the date
    expect(doc.docNumber).toBe('示市人社〔2099〕1号')
    expect(doc.issued).toBe('2099-02-01') // issued defaults to effective
    expect(doc.sections.map((s) => s.id)).toEqual(['0', '1', '1.1', '1.1.1', '1.1.1.1', '1.1.1.2', '2'])
    expect(doc.outline.find((s) => s.id === '1.1')?.title).toBe('适用范围')

    // The wording is the source's, minus the damage.
    const expected = DAMAGED_TXT.replace(/^(- 1 -|— 2 —|第 3 页)$/gm, '').replaceAll(HEADER, '').replace(/\*\*/g, '')
    expect(strip(bodyOf(markdown))).toBe(strip(expected))
    expect(markdown).toContain('\n## 一、总体要求\n')
    expect(markdown).toContain('\n为支持灵活就业人员，制定本办法。补贴标准为每人每月450元，2098年共发放1.77万元。\n')
    expect(markdown).toContain('\n本办法适用于在示例市登记的灵活就业人员，申请人应当同时满足下列条件。\n') // across the page break
    expect(markdown).toContain('\n（2）已办理就业登记。\n')
    expect(markdown).toContain('\n某市人力资源和社会保障局\n\n2099年1月1日\n') // the signature is not joined
    expect(markdown).not.toContain(HEADER)

    expect(report.cleaned).toEqual({ pageNumbers: 3, headers: 2, linesJoined: 2, spaces: 8, marks: 2 })
    expect(report.headings).toEqual({ 1: 2, 2: 1, 3: 1, 4: 2 })
    expect(text).toContain('cleaned: 3 page numbers, 2 running headers/footers, 2 lines joined, 8 spaces removed, 2 stray marks removed')
    expect(text).toContain('headings: 6 found (一、 2, （一） 1, 1. 1, （1） 2)')
  })

  it('removes a running header only next to page breaks: the title it repeats and a short line elsewhere stay', () => {
    const counts = noCounts()
    const pages = [
      [TITLE, '附表', '正文第一句。', '附表', '正文。', '- 1 -'],
      [TITLE, '附表', '正文第二句。', '- 2 -'],
      [TITLE, '正文第三句。', '- 3 -'],
    ]
    const lines = cleanLines(pages.map((p) => p.join('\n')).join('\n\f'), counts)
    expect(lines).toEqual([TITLE, '附表', '正文第一句。', '附表', '正文。', '附表', '正文第二句。', '正文第三句。'])
    expect(counts).toMatchObject({ pageNumbers: 3, headers: 2 })
  })

  it('joins a numbered item wrapped at the page edge, and drops the title repeated after the one page break', () => {
    const counts = noCounts()
    const source = [
      `${TITLE}（征求意见稿）`,
      '一、补贴标准',
      '（一）对符合条件的灵活就业人员给予每人每月5 00元的示例补',
      '贴，自2099年1月1日起执行。',
      '- 1 -',
      '\f' + TITLE,
      '（二）本办法由示例部门负责解释。',
      '- 2 -',
    ].join('\n')
    const paragraphs = toParagraphs(cleanLines(source, counts), counts)
    expect(paragraphs).toEqual([
      `${TITLE}（征求意见稿）`,
      '一、补贴标准',
      '（一）对符合条件的灵活就业人员给予每人每月500元的示例补贴，自2099年1月1日起执行。',
      '（二）本办法由示例部门负责解释。',
    ])
    expect(counts).toMatchObject({ pageNumbers: 2, headers: 1, linesJoined: 1 })
  })

  it('mends spaces in figures and between Chinese, leaves Latin words and a heading number alone', () => {
    const counts = noCounts()
    expect(toParagraphs(['宁 波 市 共 1. 77 万人，每月 4 50 元。', '1. 2099年起施行。', 'Page layout stays as it is.'], counts)).toEqual([
      '宁波市共1.77万人，每月450元。',
      '1. 2099年起施行。',
      'Page layout stays as it is.',
    ])
  })

  it('finds the issuer in a red-letter head, several offices signing, or not at all', () => {
    expect(findIssuer(['某市人力资源和社会保障局文件', '正文。'])).toBe('某市人力资源和社会保障局')
    expect(findIssuer(['正文。', '某市人力资源和社会保障局', '某市财政局', '2099年1月1日'])).toBe('某市人力资源和社会保障局、某市财政局')
    expect(findIssuer(['正文。', '2099年1月1日'])).toBeUndefined()
  })
})

describe('importing a .docx', () => {
  it('reads the paragraphs with mammoth and mends paragraphs broken mid-sentence and figures split across runs', async () => {
    const file = join(tmp, 'notice.docx')
    writeFileSync(
      file,
      makeDocx([
        '某市人力资源和社会保障局文件',
        '（测试用虚构文件）',
        '关于示例补贴的通知',
        '一、补贴对象',
        ['（一）灵活就业人员。每人每月补贴 3', '00 元，按季', '发放。'],
        '符合条件的人员可以',
        '在线申请。',
      ]),
    )
    const { markdown, report } = await importDocument({
      file,
      knowledgeDir: join(tmp, 'docx'),
      id: 'test-docx',
      effective: '2099-03-01',
      issued: '2099-02-20',
      title: '（测试用虚构文件）关于示例补贴的通知',
    })
    const doc = parsePolicyDocument(markdown, 'test-docx.md')
    expect(doc.title).toBe('（测试用虚构文件）关于示例补贴的通知')
    expect(doc.issuer).toBe('某市人力资源和社会保障局') // from the red-letter head
    expect(doc.issued).toBe('2099-02-20')
    expect(doc.sections.map((s) => s.id)).toEqual(['0', '1.1'])
    expect(doc.sections[1]!.text).toBe('每人每月补贴300元，按季发放。\n符合条件的人员可以在线申请。')
    expect(markdown).toContain('\n某市人力资源和社会保障局文件\n\n## 一、补贴对象\n')
    expect(bodyOf(markdown).match(/关于示例补贴的通知/g)).toHaveLength(1) // the title is not kept twice
    expect(report).toMatchObject({ titleFrom: 'given', issuerFrom: 'source', cleaned: { linesJoined: 1, spaces: 2 } })
  })
})

describe('importing a .pdf', () => {
  it('reads the text with pdfjs, drops page numbers and the footer, and joins a sentence across pages', async () => {
    const file = join(tmp, 'policy.pdf')
    const footer = '某市示例政策（测试数据）'
    writeFileSync(
      file,
      makePdf([
        ['（测试用虚构文件）某市示例就业政策', '一、就业服务', '（一）免费服务。公共就业服务机构为灵活', '就业人员免费提供', footer, '第 1 页 共 2 页'],
        ['职业介绍服务，每年不少于 2 次。', '（二）技能培训。培训补贴标准为每人 8 00 元。', footer, '第 2 页 共 2 页'],
      ]),
    )
    const { markdown, report } = await importDocument({ file, knowledgeDir: join(tmp, 'pdf'), id: 'test-pdf', effective: '2099-04-01', issuer: '某市（测试数据）' })
    const doc = parsePolicyDocument(markdown, 'test-pdf.md')
    expect(doc.title).toBe('（测试用虚构文件）某市示例就业政策')
    expect(doc.sections.map((s) => s.id)).toEqual(['1.1', '1.2'])
    expect(doc.sections[0]!.text).toBe('公共就业服务机构为灵活就业人员免费提供职业介绍服务，每年不少于2次。')
    expect(doc.sections[1]!.text).toBe('培训补贴标准为每人800元。')
    expect(markdown).not.toContain(footer)
    expect(report).toMatchObject({ issuerFrom: 'given', cleaned: { pageNumbers: 2, headers: 2, linesJoined: 2 } })
    expect(readFileSync(file).length).toBeLessThan(50_000)
  })
})

describe('what an import refuses', () => {
  const dir = join(tmp, 'refused')
  const txt = join(tmp, 'refused.txt')
  writeFileSync(txt, DAMAGED_TXT)
  const base = { file: txt, knowledgeDir: dir, id: 'refused', effective: '2099-01-01' }

  it('an unreadable or unsupported source, a bad id or date, no issuer: a reason, and nothing written', async () => {
    const rtf = join(tmp, 'policy.rtf')
    writeFileSync(rtf, '{\\rtf1}')
    const broken = join(tmp, 'broken.docx')
    writeFileSync(broken, 'not a zip')
    const brokenPdf = join(tmp, 'broken.pdf')
    writeFileSync(brokenPdf, '%PDF-1.4 not really')
    const latin1 = join(tmp, 'latin1.txt')
    writeFileSync(latin1, Buffer.from([0x50, 0xe9, 0x0a]))
    const noIssuer = join(tmp, 'no-issuer.txt')
    writeFileSync(noIssuer, `${TITLE}\n一、甲\n正文。\n`)
    const headingFirst = join(tmp, 'heading-first.txt')
    writeFileSync(headingFirst, '一、总则\n正文。\n')
    expect(await refusal({ ...base, file: join(tmp, 'missing.txt') })).toBe('cannot read: no such file')
    expect(await refusal({ ...base, file: rtf })).toBe('unsupported file type .rtf: give a .txt, .docx, .pdf file')
    expect(await refusal({ ...base, file: broken })).toBe('not a readable .docx (not a zip file)')
    expect(await refusal({ ...base, file: brokenPdf })).toMatch(/^not a readable \.pdf \(.+\)$/)
    expect(await refusal({ ...base, file: latin1 })).toBe('not UTF-8 text (save the .txt as UTF-8)')
    expect(await refusal({ ...base, id: 'Not_An_Id' })).toBe('--id: lower-case letters, digits and dashes')
    expect(await refusal({ ...base, effective: '2099-02-30' })).toBe('--effective: must be a real calendar date YYYY-MM-DD (got 2099-02-30)')
    expect(await refusal({ ...base, issued: '2099-13-01' })).toBe('--issued: must be a real calendar date YYYY-MM-DD (got 2099-13-01)')
    expect(await refusal({ ...base, file: headingFirst, issuer: '某市' })).toBe("title: the source's first line is a numbered heading (一、总则); give --title")
  })

  it('imports a source that names no issuer with issuer 未注明, and says so in the report', async () => {
    const noIssuer = join(tmp, 'no-issuer.txt')
    writeFileSync(noIssuer, `${TITLE}\n一、甲\n正文。\n`)
    const { markdown, report, text } = await importDocument({ ...base, file: noIssuer, knowledgeDir: join(tmp, 'no-issuer') })
    expect(markdown).toContain('issuer: 未注明')
    expect(report.issuerFrom).toBe('none')
    expect(text).toContain('issuer: 未注明 (not in the source: give --issuer or edit the front matter)')
  })

  it('a result the loader would reject: the reason is the validation failure', async () => {
    const twice = join(tmp, 'twice.txt')
    writeFileSync(twice, `${TITLE}\n一、甲\n正文。\n一、乙\n正文。\n`)
    expect(await refusal({ ...base, file: twice, issuer: '某市' })).toBe(
      'the result is not a valid document (its line 16): sections: section 1 (第一部分) appears twice (first on line 12)',
    )
  })
})

describe('npm run knowledge -- import (the CLI, run for real)', () => {
  it('fails with one line `<file>: <reason>` and writes nothing, refuses an existing document without --force, and reports what it wrote', async () => {
    const dir = join(tmp, 'cli')
    const txt = join(tmp, 'cli.txt')
    writeFileSync(txt, DAMAGED_TXT)
    const pdf = join(tmp, 'cli.pdf')
    writeFileSync(pdf, makePdf([[TITLE, '一、总则', '本办法适', '- 1 -'], ['用于测试。', '- 2 -']]))
    const existing = join(dir, 'documents', 'existing.md')
    const replaced = join(dir, 'documents', 'replaced.md')
    mkdirSync(join(dir, 'documents'), { recursive: true })
    writeFileSync(existing, 'kept\n')
    writeFileSync(replaced, 'old\n')
    const missing = join(tmp, 'cli-missing.txt')

    const [noFile, noDate, refused, forced, fromPdf] = await Promise.all([
      cli(dir, missing, '--id', 'a', '--effective', '2099-01-01'),
      cli(dir, txt, '--id', 'a'),
      cli(dir, txt, '--id', 'existing', '--effective', '2099-01-01'),
      cli(dir, txt, '--id', 'replaced', '--effective', '2099-03-01', '--force'),
      cli(dir, pdf, '--id', 'from-pdf', '--effective', '2099-01-01', '--issuer', '某市（测试数据）'),
    ])
    const failures: [typeof noFile, string][] = [
      [noFile, `${missing}: cannot read: no such file`],
      [noDate, `${txt}: --effective: required (YYYY-MM-DD)`],
      [refused, `${txt}: ${existing} exists already (--force replaces it)`],
    ]
    for (const [result, line] of failures) {
      expect(result.code, line).not.toBe(0)
      expect(result.stderr).toBe(`${line}\n`)
      expect(result.stdout).toBe('')
    }
    expect(readFileSync(existing, 'utf8')).toBe('kept\n')
    expect(readdirSync(join(dir, 'documents')).sort()).toEqual(['existing.md', 'from-pdf.md', 'replaced.md'])

    expect(forced).toMatchObject({ code: 0, stderr: '' })
    expect(forced.stdout.split('\n')[0]).toBe(`wrote ${replaced}`)
    expect(forced.stdout).toContain('cleaned: 3 page numbers, 2 running headers/footers, 2 lines joined, 8 spaces removed, 2 stray marks removed')
    expect(parsePolicyDocument(readFileSync(replaced, 'utf8'), replaced).effective).toBe('2099-03-01')

    expect(fromPdf).toMatchObject({ code: 0, stderr: '' }) // pdfjs says nothing of its own
    expect(parsePolicyDocument(readFileSync(join(dir, 'documents', 'from-pdf.md'), 'utf8'), 'from-pdf.md').sections.map((s) => s.text)).toEqual([
      '本办法适用于测试。',
    ])
  })
})
