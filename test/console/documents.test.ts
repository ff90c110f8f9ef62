// The console's 文件 view in headless Chromium against the real server on a copy of knowledge/: the shipped
// document in force, a (fictional, test-only) amendment that replaces one of its sections, a broken file listed
// with its error, another day's statuses, and the 文号 in an answer's sources; at 390 px and at 1280 px.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { chromiumMissing } from '../helpers/environment.js'
import { DESKTOP, expectNoOverflow, expectPhoneRules, launchChromium, PHONE, FICTIONAL_AMENDMENT_TITLE, fictionalAmendment, openPage } from './browser.js'

const hasChromium = chromiumMissing() === undefined

const SHIPPED = 'ningbo-flexible-employment-2021'
// Test data only: no such document exists.
const AMENDMENT_ID = 'test-fictional-amendment'
const AMENDMENT_TITLE = FICTIONAL_AMENDMENT_TITLE
const AMENDMENT_NUMBER = '测试〔2099〕1号'
const AMENDMENT = fictionalAmendment(AMENDMENT_ID, AMENDMENT_NUMBER)
const BROKEN_FILE = 'test-fictional-broken.md'
const BROKEN = `---
id: test-fictional-broken
title: （测试用虚构文件）日期写错的通知
issuer: （测试用虚构）发文单位
issued: 2024-02-01
effective: 2024-02-30
---

# （测试用虚构文件）日期写错的通知

## 一、内容

（一）内容。<img src=x onerror="window.__xss=1">
`

describe.skipIf(!hasChromium)('console 文件 view in headless Chromium', () => {
  let root: string
  let documents: string
  let t: TestApp
  let app: App
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  const card = (file: string) => page.locator(`#docs-list .doc[data-file="${file}"]`)
  // The files are read at once (the server's watcher would within seconds), then the view is refreshed.
  const refreshed = async () => {
    await app.knowledge.reload()
    await page.click('#docs-refresh')
    await page.waitForFunction(() => document.getElementById('docs-status')?.textContent === '')
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'console-documents-'))
    cpSync('knowledge', join(root, 'knowledge'), { recursive: true })
    documents = join(root, 'knowledge', 'documents')
    t = await startTestApp({ KNOWLEDGE_DIR: join(root, 'knowledge'), OPENAI_API_KEY: '', WECHATY_PUPPET: '', REDIS_URL: '' })
    app = t.app
    browser = await launchChromium()
    page = await openPage(browser, pageErrors)
  }, 60_000) // Chromium's start-up is slow on a busy two-core machine

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  }, 30_000)

  it('lists the shipped document as 现行有效 with its dates and sections', async () => {
    await page.goto(`${app.url}/#documents`)
    const shipped = card(`${SHIPPED}.md`)
    await shipped.waitFor()
    expect(await shipped.locator('.doc-status').textContent()).toBe('现行有效')
    expect(await shipped.locator('.doc-title').textContent()).toBe('《宁波市对灵活就业人员的支持政策和主要做法》')
    expect(await shipped.locator('dd[data-field="施行日期"]').textContent()).toBe('2021-05-01')
    expect(await shipped.locator('.doc-replaced').count()).toBe(0)
    expect(await page.textContent('#docs-day')).toMatch(/^\d{4}-\d{2}-\d{2}（今天）的状态$/)
    expect(await page.isVisible('#docs-warnings-box')).toBe(false)
    // Its sections, folded, open on a click.
    await shipped.locator('.doc-sections summary').click()
    expect(await shipped.locator('.doc-section-list li[data-section="3.2"]').textContent()).toContain('将灵活就业人员纳入职工养老和职工医疗保险制度')
    await expectNoOverflow(page)
  })

  it('shows a new amendment in force and the section it replaces marked, and its 文号 in answers', async () => {
    writeFileSync(join(documents, `${AMENDMENT_ID}.md`), AMENDMENT)
    await refreshed()
    const amendment = card(`${AMENDMENT_ID}.md`)
    await amendment.waitFor()
    expect(await amendment.locator('.doc-status').textContent()).toBe('现行有效')
    expect(await amendment.locator('dd[data-field="文号"]').textContent()).toBe(AMENDMENT_NUMBER)
    expect(await amendment.locator('.doc-supersedes li').textContent()).toBe('《宁波市对灵活就业人员的支持政策和主要做法》 第 3.2 节')
    const shipped = card(`${SHIPPED}.md`)
    expect(await shipped.locator('.doc-status').textContent()).toBe('现行有效') // only one section is replaced
    expect(await shipped.locator('.doc-replaced li').allTextContents()).toEqual([`3.2 已被《${AMENDMENT_TITLE}》替代`])
    expect(await shipped.locator('.doc-section-list li.replaced').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.section))).toEqual(['3.2'])
    expect(await page.textContent('#docs-counts')).toBe('共 2 份 · 现行有效 2')

    // Before the amendment's day: not yet in force, and nothing of the shipped document replaced.
    await page.fill('#docs-asof', '2024-06-30')
    await page.waitForFunction(() => document.getElementById('docs-day')?.textContent === '2024-06-30的状态')
    expect(await amendment.locator('.doc-status').textContent()).toBe('尚未生效')
    expect(await shipped.locator('.doc-replaced').count()).toBe(0)
    await page.click('#docs-today')
    await page.waitForFunction(() => /（今天）/.test(document.getElementById('docs-day')?.textContent ?? ''))
    expect(await amendment.locator('.doc-status').textContent()).toBe('现行有效')
    await expectNoOverflow(page)
    mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/console-documents.png', fullPage: true })

    // The answer comes from the amendment now, and its sources name the 文号.
    await page.click('#tab-ask')
    await page.fill('#ask-question', '灵活就业社保补贴每月多少钱')
    await page.press('#ask-question', 'Enter')
    await page.waitForSelector('#ask-result:not([hidden])')
    expect(await page.textContent('#ask-source-line')).toBe(`来源：《${AMENDMENT_TITLE}》（${AMENDMENT_NUMBER}）第一部分（一） 社保补贴`)
    expect(await page.textContent('#ask-citations .cite-doc')).toBe(`出自：《${AMENDMENT_TITLE}》（${AMENDMENT_NUMBER}）`)
    await page.click('#tab-documents')
  })

  it('lists a broken file as 文件有误 with its error in full, as text', async () => {
    writeFileSync(join(documents, BROKEN_FILE), BROKEN)
    await refreshed()
    const broken = card(BROKEN_FILE)
    await broken.waitFor()
    expect(await broken.locator('.doc-status').textContent()).toBe('文件有误')
    expect(await broken.locator('.doc-title').textContent()).toBe(BROKEN_FILE)
    const error = await broken.locator('.doc-error').textContent()
    expect(error).toMatch(new RegExp(`^${BROKEN_FILE.replace('.', '\\.')}:6: effective: `))
    const { documents: listed } = (await (await fetch(`${app.url}/api/documents`)).json()) as { documents: Array<{ file: string; error?: string }> }
    expect(error).toBe(listed.find((d) => d.file === BROKEN_FILE)!.error)
    expect(await broken.textContent()).toContain('没有载入')
    // The other documents serve on.
    expect(await card(`${AMENDMENT_ID}.md`).locator('.doc-status').textContent()).toBe('现行有效')

    // A good file edited into a bad one: 文件有误, and its last good version still serves.
    writeFileSync(join(documents, `${AMENDMENT_ID}.md`), AMENDMENT.replace('effective: 2024-07-01', 'effective: 2024-13-01'))
    await refreshed()
    const amendment = card(`${AMENDMENT_ID}.md`)
    expect(await amendment.locator('.doc-status').textContent()).toBe('文件有误')
    expect(await amendment.locator('.doc-error').textContent()).toMatch(new RegExp(`^${AMENDMENT_ID}\\.md:7: effective: `))
    expect(await amendment.textContent()).toContain('仍按这个文件上一次正确的版本答复（该版本现行有效）')
    expect(await card(`${SHIPPED}.md`).locator('.doc-replaced li').allTextContents()).toEqual([`3.2 已被《${AMENDMENT_TITLE}》替代`])
    expect(await page.locator('#docs-list img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await expectNoOverflow(page)
  })

  it('keeps the phone-width rules on this view', async () => {
    await page.setViewportSize(PHONE)
    try {
      await card(`${SHIPPED}.md`).locator('.doc-sections summary').scrollIntoViewIfNeeded()
      await expectPhoneRules(page)
      await page.screenshot({ path: 'test-results/console-documents-390.png', fullPage: true })
    } finally {
      await page.setViewportSize(DESKTOP)
    }
    expect(pageErrors).toEqual([])
  })

  it('says so when the list cannot load, when there are no documents, and lists warnings', async () => {
    await page.route('**/api/documents*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"boom"}' }))
    await page.click('#docs-refresh')
    await page.waitForSelector('#docs-status.bad')
    expect(await page.textContent('#docs-status')).toBe('请求没有成功：boom')
    await page.unroute('**/api/documents*')
    const warning = `${AMENDMENT_ID} supersedes not-loaded-document, which is not loaded: it takes effect when it appears`
    await page.route('**/api/documents*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ asOf: '2030-01-01', documents: [], warnings: [warning] }) }),
    )
    await page.click('#docs-refresh')
    await page.waitForSelector('#docs-empty:not([hidden])')
    expect(await page.locator('#docs-list .doc').count()).toBe(0)
    expect(await page.locator('#docs-warnings li').allTextContents()).toEqual([warning])
    expect(await page.textContent('#docs-status')).toBe('')
    await page.unroute('**/api/documents*')
  })
})
