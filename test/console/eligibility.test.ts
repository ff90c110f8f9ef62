// The console's short eligibility result in headless Chromium against the real server, at 390 px and at 1280 px:
// one line per programme (name and status in plain Chinese), the 14 on about one phone screen; each line opens, by
// click or from the keyboard, to its reasons, the document's words and the missing facts, 不符合 and 文件未涉及 the
// same way as the rest; a section a newer document replaced says so; 复制 still copies the whole result as text.
// The knowledge is a copy of knowledge/ with a fictional, test-only amendment replacing section 3.2.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing } from '../helpers/environment.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { DESKTOP, expectNoOverflow, expectPhoneRules, launchChromium, PHONE, FICTIONAL_AMENDMENT_TITLE, fictionalAmendment, openPage } from './browser.js'

const hasChromium = chromiumMissing() === undefined

// Test data only: no such document exists.
const AMENDMENT_TITLE = FICTIONAL_AMENDMENT_TITLE
const AMENDMENT_NUMBER = '测试〔2099〕2号'
const AMENDMENT = fictionalAmendment('test-fictional-eligibility-amendment', AMENDMENT_NUMBER)

// A rider from outside Ningbo, working flexibly, who has not started a business: every status appears.
const PROFILE = { industry: 'food_delivery', hukou: 'other', workType: 'flexible', startedBusiness: false }
const STATUSES = ['eligible', 'likely_eligible', 'needs_info', 'not_covered', 'ineligible']
// The console's words for them (src/channels/http/console/labels.js), as an agent reads them.
const LABEL: Record<string, string> = {
  eligible: '可以申请',
  likely_eligible: '可能可以',
  needs_info: '需要再确认',
  not_covered: '文件未涉及',
  ineligible: '不符合',
}
const FIELD_LABELS: Record<string, string> = {
  hukou: '户籍',
  workType: '就业状态',
  partTime: '兼职',
  intern: '实习生',
  overRetirementAge: '超过法定退休年龄',
  professionalTechnician: '专业技术人员',
  wageArrears: '被拖欠工资',
  startedBusiness: '已经创业',
  businessLocation: '创业地点',
  businessStartDate: '创业开始日期',
}

interface Citation {
  sectionId: string
  title: string
  quote: string
  supersededBy?: { documentTitle: string; docNumber?: string; effective: string }
}
interface Result {
  programId: string
  name: string
  status: string
  reasons: string[]
  missing: string[]
  citations: Citation[]
}

describe.skipIf(!hasChromium)('console short eligibility in headless Chromium', () => {
  let root: string
  let t: TestApp
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let expected: Result[]
  const pageErrors: string[] = []

  const line = (programId: string) => page.locator(`#elig-summary details[data-program="${programId}"]`)

  async function check(profile: Record<string, string | boolean> = PROFILE) {
    await page.goto('about:blank') // a fresh page each time: nothing left open from the last check
    await page.goto(`${t.app.url}/#eligibility`)
    await page.waitForSelector('#elig-form')
    for (const [field, value] of Object.entries(profile)) {
      if (typeof value === 'boolean') await page.locator(`input[name="${field}"][value="${value}"] + span`).click()
      else if (field === 'asOf') await page.fill(`#elig-${field}`, value)
      else await page.selectOption(`#elig-${field}`, value)
    }
    await page.click('#elig-form button[type=submit]')
    await page.waitForSelector('#elig-summary')
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'console-eligibility-'))
    cpSync('knowledge', join(root, 'knowledge'), { recursive: true })
    writeFileSync(join(root, 'knowledge', 'documents', 'test-fictional-eligibility-amendment.md'), AMENDMENT)
    mkdirSync(join(root, 'data'))
    t = await startTestApp({
      DATA_DIR: join(root, 'data'),
      KNOWLEDGE_DIR: join(root, 'knowledge'),
      OPENAI_API_KEY: '',
      HANDOFF_WEBHOOK_URL: '',
      WECHATY_PUPPET: '',
      REDIS_URL: '',
    })
    const answer = await t.post('/api/eligibility', { profile: PROFILE })
    expect(answer.status).toBe(200)
    expected = answer.body.results
    browser = await launchChromium()
    page = await openPage(browser, pageErrors, { clipboardFor: t.app.url })
    context = page.context()
  }, 60_000) // Chromium's start-up is slow on a busy two-core machine

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  }, 30_000)

  it('has every status and a replaced section in the data it is checked against', () => {
    expect(expected).toHaveLength(14)
    expect([...new Set(expected.map((r) => r.status))].sort()).toEqual([...STATUSES].sort())
    expect(expected.some((r) => r.citations.some((c) => c.supersededBy))).toBe(true)
  })

  for (const [width, viewport] of [['390 px', PHONE], ['1280 px', DESKTOP]] as const) {
    it(`shows one line per programme, name and status in plain Chinese, ordered by status (${width})`, async () => {
      await page.setViewportSize(viewport)
      await check()
      const lines = page.locator('#elig-summary details')
      expect(await lines.count()).toBe(expected.length)
      // Every line closed, each a name and its status.
      expect(await page.locator('#elig-summary details[open]').count()).toBe(0)
      const shown = await lines.evaluateAll((nodes) =>
        nodes.map((d) => ({
          programId: (d as HTMLElement).dataset.program,
          name: d.querySelector('summary h4')?.textContent,
          badge: d.querySelector('summary .badge')?.textContent,
        })),
      )
      const byStatus = [...expected].sort((a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status))
      expect(shown).toEqual(byStatus.map((r) => ({ programId: r.programId, name: r.name, badge: LABEL[r.status] })))
      expect(LABEL.ineligible).toBe('不符合')
      expect(LABEL.not_covered).toBe('文件未涉及')

      const box = (await page.locator('#elig-summary').boundingBox())!
      const summaryHeight = Math.round(box.height)
      console.log(`[console] eligibility summary at ${width}: ${expected.length} lines, ${summaryHeight} px tall`)
      if (viewport === PHONE) {
        // About one phone screen (390x844), and in view once the check is done.
        expect(summaryHeight).toBeLessThanOrEqual(PHONE.height)
        const top = await page.evaluate(() => document.getElementById('elig-summary')!.getBoundingClientRect().top)
        expect(top).toBeGreaterThanOrEqual(0)
        expect(top).toBeLessThan(PHONE.height / 2)
        await expectPhoneRules(page)
      } else {
        await expectNoOverflow(page)
      }
      mkdirSync('test-results', { recursive: true })
      await page.screenshot({ path: `test-results/console-eligibility-short-${viewport.width}.png`, fullPage: true })
    })

    it(`opens each line to its reasons, the quoted words and the missing facts, 不符合 and 文件未涉及 alike (${width})`, async () => {
      await page.setViewportSize(viewport)
      await check()
      for (const result of expected) {
        const details = line(result.programId)
        const body = details.locator('.line-body')
        expect(await body.isVisible()).toBe(false)
        await details.locator('summary').click()
        expect(await body.isVisible()).toBe(true)
        // The same parts for every status: what it means, the reasons (with the document's words), the quotes.
        expect(await body.locator('.line-hint').textContent()).toBeTruthy()
        if (result.status === 'not_covered') expect(await body.locator('.line-hint').textContent()).toContain('不要说“不符合”')
        expect(await body.locator('.reasons li').allTextContents()).toEqual(result.reasons)
        expect(result.reasons.some((r) => r.includes('文件原文：“'))).toBe(true)
        expect(await body.locator('blockquote').allTextContents()).toEqual(result.citations.map((c) => c.quote))
        // Missing facts named as the form names them.
        if (result.missing.length) {
          const names = result.missing.map((f) => FIELD_LABELS[f] ?? `(no label for ${f})`)
          expect(await body.locator('.missing').textContent()).toBe(`还需了解：${names.join('、')}`)
        } else {
          expect(await body.locator('.missing').count()).toBe(0)
        }
        // A section a newer document replaced: its quote says by which one, from when.
        const notes = await body.locator('.line-quote').evaluateAll((figures) => figures.map((f) => f.querySelector('.superseded')?.textContent ?? null))
        expect(notes).toEqual(
          result.citations.map((c) =>
            c.supersededBy ? `这一节自2024年7月1日起已由《${AMENDMENT_TITLE}》（${AMENDMENT_NUMBER}）替代，请以新文件为准。` : null,
          ),
        )
      }
      for (const status of ['ineligible', 'not_covered']) {
        const r = expected.find((x) => x.status === status)!
        expect(await line(r.programId).locator('.line-body blockquote').count()).toBeGreaterThan(0)
      }
      expect(await page.locator('#elig-summary .superseded').count()).toBeGreaterThan(0)
      // Everything open still fits the width; at 390 px every summary is still 40 px tall.
      if (viewport === PHONE) await expectPhoneRules(page)
      else await expectNoOverflow(page)
      await page.screenshot({ path: `test-results/console-eligibility-open-${viewport.width}.png`, fullPage: true })
      // Closing a line folds it again.
      await line(expected[0].programId).locator('summary').click()
      expect(await line(expected[0].programId).locator('.line-body').isVisible()).toBe(false)
    })

    it(`reaches the lines with Tab and opens them with Enter and Space (${width})`, async () => {
      await page.setViewportSize(viewport)
      await check()
      const ids = await page.locator('#elig-summary details').evaluateAll((nodes) => nodes.map((d) => (d as HTMLElement).dataset.program))
      const focused = () => page.evaluate(() => (document.activeElement?.closest('details') as HTMLElement | null)?.dataset.program ?? document.activeElement?.id)
      const isOpen = (id: string) => line(id).evaluate((d) => (d as HTMLDetailsElement).open)
      await page.focus('#elig-copy')
      await page.keyboard.press('Tab')
      expect(await focused()).toBe(ids[0])
      await page.keyboard.press('Enter')
      expect(await isOpen(ids[0]!)).toBe(true)
      // An open line holds text only: the next Tab is the next line.
      await page.keyboard.press('Tab')
      expect(await focused()).toBe(ids[1])
      await page.keyboard.press('Space')
      expect(await isOpen(ids[1]!)).toBe(true)
      await page.keyboard.press('Enter')
      expect(await isOpen(ids[1]!)).toBe(false)
      // The last line too, then on past the list.
      for (let i = 2; i < ids.length; i++) await page.keyboard.press('Tab')
      expect(await focused()).toBe(ids[ids.length - 1])
      await page.keyboard.press('Space')
      expect(await isOpen(ids[ids.length - 1]!)).toBe(true)
      const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
      expect(focusRing).not.toBe('none')
    })

    it(`copies the whole result as plain text with 复制结果 (${width})`, async () => {
      await page.setViewportSize(viewport)
      await check()
      await page.click('#elig-copy')
      await page.waitForFunction(() => document.getElementById('elig-copied')?.textContent === '已复制')
      const copied = await page.evaluate(() => navigator.clipboard.readText())
      expect(copied).toMatch(/^资格检查结果（仅按政策文件判断）\n情况：户籍：外地户籍；就业状态：灵活就业；行业：外卖配送；已经创业：否\n/)
      for (const r of expected) expect(copied).toContain(`· ${r.name}`)
      for (const status of STATUSES) expect(copied).toContain(`【${LABEL[status]}】`)
      // 不符合 and 文件未涉及 carry their reasons, with the document's words.
      for (const r of expected.filter((x) => x.status === 'ineligible' || x.status === 'not_covered')) {
        for (const reason of r.reasons) expect(copied).toContain(reason)
      }
      expect(copied).toContain('还需了解：')
      expect(copied).not.toMatch(/<[a-z]/i)
    })
  }

  it('has no replaced-section note on a day before the amendment', async () => {
    await page.setViewportSize(PHONE)
    await check({ ...PROFILE, asOf: '2024-01-01' })
    expect(await page.locator('#elig-summary details').count()).toBe(14)
    expect(await page.locator('#elig-summary .superseded').count()).toBe(0)
    await page.locator('#elig-summary details[data-status="not_covered"] summary').first().click()
    await expectPhoneRules(page)
    expect(pageErrors).toEqual([])
  })
})
