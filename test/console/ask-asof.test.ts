// The console's 问答 view asking "as of" another day (按日期), in headless Chromium against the real server on a copy
// of knowledge/ with a (fictional, test-only) amendment in force since 2024-07-01 that replaces the shipped
// document's section 3.2: today's answer comes from the amendment, 2024-06-30's from the shipped document with a
// note that it has been replaced since; the entry keeps its day through a reload and in 复制; at 390 px and 1280 px.
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

// Test data only: no such document exists.
const AMENDMENT_ID = 'test-fictional-amendment'
const AMENDMENT_TITLE = FICTIONAL_AMENDMENT_TITLE
const AMENDMENT = fictionalAmendment(AMENDMENT_ID, '测试〔2099〕1号')
const QUESTION = '社保补贴每个月多少钱'
const DAY = '2024-06-30'
const LABEL = '按2024年6月30日的规定'

describe.skipIf(!hasChromium)('console 问答 按日期 in headless Chromium', () => {
  let root: string
  let t: TestApp
  let app: App
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []
  const asked: unknown[] = []

  const entries = () => page.locator('#call-list li')
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())
  async function askInPage(question: string, n: number) {
    await page.fill('#ask-question', question)
    await page.press('#ask-question', 'Enter')
    await page.waitForFunction((count) => document.querySelectorAll('#call-list li').length === count, n)
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'console-ask-asof-'))
    cpSync('knowledge', join(root, 'knowledge'), { recursive: true })
    writeFileSync(join(root, 'knowledge', 'documents', `${AMENDMENT_ID}.md`), AMENDMENT)
    t = await startTestApp({ KNOWLEDGE_DIR: join(root, 'knowledge'), OPENAI_API_KEY: '', WECHATY_PUPPET: '', REDIS_URL: '' })
    app = t.app
    browser = await launchChromium()
    page = await openPage(browser, pageErrors, { clipboardFor: app.url })
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/ask') asked.push(request.postDataJSON())
    })
  }, 60_000) // Chromium's start-up is slow on a busy two-core machine

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  }, 30_000)

  it('answers today from the amendment in force (500元), with no day on the card', async () => {
    await page.goto(`${app.url}/#ask`)
    expect(await page.inputValue('#ask-asof')).toBe('')
    expect(await page.textContent('#ask-asof-note')).toBe('不填即按今天的规定')
    expect(await page.isVisible('#ask-asof-clear')).toBe(false)
    await askInPage(QUESTION, 1)
    expect(asked.at(-1)).toEqual({ question: QUESTION }) // no asOf: the server's today
    expect(await page.textContent('#ask-spoken')).toContain('每人每月500元')
    expect(await page.textContent('#ask-answer')).not.toContain('注意')
    expect(await page.isVisible('#ask-day')).toBe(false)
    expect(await entries().first().locator('.call-day').count()).toBe(0)
    await page.click('#ask-copy')
    await page.waitForFunction(() => document.getElementById('ask-copied')?.textContent === '已复制')
    const copied = await clipboard()
    expect(copied).toMatch(/^对符合条件的灵活就业人员给予每人每月500元的社保补贴。/) // no day line
    expect(copied).toContain(`\n来源：《${AMENDMENT_TITLE}》`)
  })

  it(`answers as of ${DAY} from the shipped document (450元), labelled with the day and noting the replacement`, async () => {
    await page.fill('#ask-asof', DAY)
    await page.waitForSelector('#ask-day-bar.set')
    expect(await page.textContent('#ask-asof-note')).toBe(`接下来的问题${LABEL}回答`)
    expect(await page.isVisible('#ask-asof-clear')).toBe(true)
    await askInPage(QUESTION, 2)
    expect(asked.at(-1)).toEqual({ question: QUESTION, asOf: DAY })
    expect(await page.textContent('#ask-day')).toBe(LABEL)
    expect(await page.isVisible('#ask-day')).toBe(true)
    expect(await page.textContent('#ask-spoken')).toContain('每人每月450元')
    const answer = (await page.textContent('#ask-answer'))!
    expect(answer).toContain('每人每月450元')
    expect(answer).not.toContain('500元')
    expect(answer.split('\n').at(-1)).toBe(
      `（注意：以上是2024年6月30日时的规定。《宁波市对灵活就业人员的支持政策和主要做法》第三部分（二）自2024年7月1日起已由《${AMENDMENT_TITLE}》（测试〔2099〕1号）替代，现在请以新文件为准。）`,
    )
    expect(await page.textContent('#ask-source-line')).toBe('来源：《宁波市对灵活就业人员的支持政策和主要做法》第三部分（二） 将灵活就业人员纳入职工养老和职工医疗保险制度')
    // The list: only the dated entry carries the day.
    expect(await entries().nth(0).locator('.call-day').count()).toBe(0)
    expect(await entries().nth(1).locator('.call-day').textContent()).toBe(LABEL)

    // 复制 and 复制原文 open with the day.
    await page.click('#ask-copy')
    await page.waitForFunction(() => document.getElementById('ask-copied')?.textContent === '已复制')
    const copied = await clipboard()
    expect(copied.split('\n')[0]).toBe(`（${LABEL}）`)
    expect(copied.split('\n')[1]).toContain('每人每月450元')
    expect(copied).toContain('注意：以上是2024年6月30日时的规定')
    await page.click('#ask-copy-quote')
    await page.waitForFunction(() => document.getElementById('ask-copied')?.textContent === '已复制')
    expect(await clipboard()).toBe(`（${LABEL}）\n${answer}`)
    await expectNoOverflow(page)
    mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/console-ask-asof.png', fullPage: true })
  })

  it('keeps each entry’s day (and the day picked) through a reload, and in 复制 from the list', async () => {
    await page.reload()
    await page.waitForFunction(() => document.querySelectorAll('#call-list li').length === 2)
    expect(await page.inputValue('#ask-asof')).toBe(DAY)
    expect(await entries().nth(0).locator('.call-day').count()).toBe(0)
    expect(await entries().nth(1).locator('.call-day').textContent()).toBe(LABEL)
    await entries().nth(1).locator('.call-q').click()
    expect(await page.textContent('#ask-day')).toBe(LABEL)
    expect(await page.textContent('#ask-answer')).toContain('注意：以上是2024年6月30日时的规定')
    await entries().nth(1).locator('.call-copy').click()
    expect((await clipboard()).split('\n')[0]).toBe(`（${LABEL}）`)
    // 答得不对 on it tells the maintainers which day it was answered for.
    await entries().nth(1).locator('.call-flag').click()
    await page.fill('#ask-flag-note', '来电人问的是现在的标准')
    await page.click('#ask-flag-send')
    await page.waitForSelector('#call-list li.flagged')
    const { gaps } = (await (await fetch(`${app.url}/api/gaps`)).json()) as { gaps: Array<{ question: string; notes?: string[] }> }
    expect(gaps.find((g) => g.question === QUESTION)?.notes).toEqual([`（${LABEL}回答） 来电人问的是现在的标准`])
    // The entry answered for today stays today's.
    await entries().nth(0).locator('.call-q').click()
    expect(await page.isVisible('#ask-day')).toBe(false)
    await entries().nth(0).locator('.call-copy').click()
    expect(await clipboard()).toMatch(/^对符合条件的/)
  })

  it('returns to today when the date is cleared, and a new call starts on today', async () => {
    await page.click('#ask-asof-clear')
    await page.waitForSelector('#ask-day-bar:not(.set)')
    expect(await page.inputValue('#ask-asof')).toBe('')
    await askInPage(QUESTION, 3)
    expect(asked.at(-1)).toEqual({ question: QUESTION })
    expect(await page.textContent('#ask-spoken')).toContain('每人每月500元')
    expect(await page.isVisible('#ask-day')).toBe(false)
    // Emptying the picker itself does the same.
    await page.fill('#ask-asof', DAY)
    await page.waitForSelector('#ask-day-bar.set')
    await page.fill('#ask-asof', '')
    await page.waitForSelector('#ask-day-bar:not(.set)')
    // 新来电 forgets the day picked for the last caller.
    await page.fill('#ask-asof', DAY)
    await page.waitForSelector('#ask-day-bar.set')
    await page.click('#call-new')
    expect(await page.inputValue('#ask-asof')).toBe('')
    expect(await page.isVisible('#ask-asof-clear')).toBe(false)
    await page.reload()
    expect(await page.inputValue('#ask-asof')).toBe('')
  })

  it('keeps the phone-width rules with a day picked and a dated answer shown', async () => {
    await page.setViewportSize(PHONE)
    try {
      await page.fill('#ask-asof', DAY)
      await page.waitForSelector('#ask-day-bar.set')
      await askInPage(QUESTION, 1)
      expect(await page.textContent('#ask-day')).toBe(LABEL)
      for (const id of ['#ask-asof', '#ask-asof-clear']) {
        expect((await page.locator(id).boundingBox())!.height).toBeGreaterThanOrEqual(40)
      }
      await expectPhoneRules(page)
      await page.screenshot({ path: 'test-results/console-ask-asof-390.png', fullPage: true })
    } finally {
      await page.setViewportSize(DESKTOP)
    }
    expect(pageErrors).toEqual([])
  })
})
