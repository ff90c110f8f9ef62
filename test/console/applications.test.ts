// The console's 申请 view when no hand-off webhook is configured (no HANDOFF_WEBHOOK_URL, the default), in headless
// Chromium against the real server, at 390 px and at 1280 px: applications made through POST /api/chat read 未配置,
// never 待送达; found by reference number (as read out over the phone) and by the last 4 digits of the phone; phone,
// ID and name masked.
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applicant, applyThroughChat, type Applicant } from '../e2e/support.js'
import { chromiumMissing } from '../helpers/environment.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { DESKTOP, expectNoOverflow, expectPhoneRules, launchChromium, PHONE, openPage } from './browser.js'

const hasChromium = chromiumMissing() === undefined

const masked = (value: string) => `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`

describe.skipIf(!hasChromium)('console 申请 view with no webhook configured, in headless Chromium', () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  // A union member (the short form: no ID asked) and a work-injury applicant (phone and ID).
  const member: Applicant = applicant(31, 'console-apps')
  const rider: Applicant = applicant(32, 'console-apps')
  let memberId: string
  let riderId: string
  const pageErrors: string[] = []

  const rows = () => page.locator('#apps-body tr')
  const shownIds = () => rows().evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id))

  async function search(q: string, expectIds: string[]) {
    await page.fill('#apps-q', q)
    await page.press('#apps-q', 'Enter')
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('#apps-body tr')].map((tr) => (tr as HTMLElement).dataset.id).join() === want && document.getElementById('apps-status')?.textContent === '',
      expectIds.join(),
    )
  }

  /** What an agent could read in the view: never a whole phone or ID number, never 待送达. */
  async function expectMaskedAndUnconfigured() {
    const text = (await page.textContent('#panel-applications'))!
    for (const person of [member, rider]) {
      expect(text).not.toContain(person.phone)
      expect(text).not.toContain(person.idNumber)
      expect(text).not.toContain(person.name)
    }
    expect(text).not.toContain('待送达')
  }

  beforeAll(async () => {
    t = await startTestApp({ OPENAI_API_KEY: '', HANDOFF_WEBHOOK_URL: '', WECHATY_PUPPET: '', REDIS_URL: '' })
    expect(member.phone.slice(-4)).not.toBe(rider.phone.slice(-4))
    memberId = (await applyThroughChat(t.app.url, member, 'union_membership')).applicationId
    riderId = (await applyThroughChat(t.app.url, rider, 'work_injury_insurance')).applicationId
    // The API's own word for it: owed, nowhere to send.
    for (const id of [memberId, riderId]) expect((await t.get(`/api/applications/${id}`)).body).toMatchObject({ status: 'pending', delivery: 'not_configured' })
    browser = await launchChromium()
    page = await openPage(browser, pageErrors)
  }, 60_000) // Chromium's start-up is slow on a busy two-core machine

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  }, 30_000)

  for (const [width, viewport] of [['390 px', PHONE], ['1280 px', DESKTOP]] as const) {
    it(`lists applications made in chat as 未配置, not 待送达 (${width})`, async () => {
      await page.setViewportSize(viewport)
      await page.goto('about:blank') // a fresh page: no search left over from the last test
      await page.goto(`${t.app.url}/#applications`)
      await page.waitForSelector(`#apps-body tr[data-id="${riderId}"]`)
      expect(await shownIds()).toEqual([riderId, memberId]) // newest first
      expect(await rows().locator('.badge').allTextContents()).toEqual(['未配置', '未配置'])
      expect(await page.textContent('#apps-counts')).toBe('未配置 2')
      expect(await page.locator(`#apps-body tr[data-id="${memberId}"]`).textContent()).toContain('未配置送达地址（HANDOFF_WEBHOOK_URL）')
      await expectMaskedAndUnconfigured()
      if (viewport === PHONE) await expectPhoneRules(page)
      else await expectNoOverflow(page)
      mkdirSync('test-results', { recursive: true })
      await page.screenshot({ path: `test-results/console-applications-unconfigured-${viewport.width}.png`, fullPage: true })
    })

    it(`finds one by its reference number as read out, 未配置, phone and ID masked (${width})`, async () => {
      await page.setViewportSize(viewport)
      await page.goto('about:blank') // a fresh page: no search left over from the last test
      await page.goto(`${t.app.url}/#applications`)
      await page.waitForSelector(`#apps-body tr[data-id="${riderId}"]`)
      // Read out over the phone: lower case, with a dash.
      await search(`${riderId.slice(0, 4).toLowerCase()}-${riderId.slice(4).toLowerCase()}`, [riderId])
      const row = page.locator(`#apps-body tr[data-id="${riderId}"]`)
      expect(await row.locator('.badge').textContent()).toBe('未配置')
      expect(await row.locator('dd').allTextContents()).toEqual(expect.arrayContaining([masked(rider.phone), masked(rider.idNumber)]))
      expect(await row.textContent()).toContain('新业态工伤保险')
      await expectMaskedAndUnconfigured()
      if (viewport === PHONE) await expectPhoneRules(page)
      else await expectNoOverflow(page)
    })

    it(`finds one by the last 4 digits of the phone, 未配置, phone masked (${width})`, async () => {
      await page.setViewportSize(viewport)
      await page.goto('about:blank') // a fresh page: no search left over from the last test
      await page.goto(`${t.app.url}/#applications`)
      await page.waitForSelector(`#apps-body tr[data-id="${riderId}"]`)
      await search(member.phone.slice(-4), [memberId])
      const row = page.locator(`#apps-body tr[data-id="${memberId}"]`)
      expect(await row.locator('.badge').textContent()).toBe('未配置')
      expect(await row.locator('dd').allTextContents()).toContain(masked(member.phone))
      expect(await row.textContent()).toContain('加入工会')
      await expectMaskedAndUnconfigured()
      if (viewport === PHONE) await expectPhoneRules(page)
      else await expectNoOverflow(page)
      await page.screenshot({ path: `test-results/console-applications-by-phone-${viewport.width}.png`, fullPage: true })
      // The whole phone number finds the same one; a number nobody gave finds none.
      await search(member.phone, [memberId])
      await page.fill('#apps-q', '0000')
      await page.press('#apps-q', 'Enter')
      await page.waitForSelector('#apps-empty:not([hidden])')
      expect(await page.textContent('#apps-empty')).toBe('没有找到“0000”的申请。')
      expect(pageErrors).toEqual([])
    })
  }
})
