// What the console's browser tests share: Chromium started the same way, and the console's layout rules
// (CONTRACT.md "Hotline console"): nothing wider than the window, and at phone width every control 40 px tall.
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { CHROMIUM_PATH } from '../helpers/environment.js'

export const SCREEN = { width: 1366, height: 768 }
export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
}

/** Nothing may be wider than the window: no horizontal scroll, no element sticking out. */
export async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth
    const wide = [...document.querySelectorAll('body *')]
      .filter((node) => {
        const r = node.getBoundingClientRect()
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5 || r.width > width)
      })
      .map((node) => `${node.tagName.toLowerCase()}#${node.id}.${node.className}`)
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide }
  })
}

export async function expectNoOverflow(page: Page) {
  const result = await overflow(page)
  expect(result.wide).toEqual([])
  expect(result.scrollWidth).toBeLessThanOrEqual(result.innerWidth)
}

/** The visible buttons, tabs, inputs, selects, text areas and summaries less than 40 px tall. */
export async function shortControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, [role=tab], input, select, textarea, summary')]
      .filter((n) => (n as HTMLElement).offsetParent !== null)
      .filter((n) => n.getBoundingClientRect().height < 40)
      .map((n) => `${n.tagName}#${n.id}.${(n as HTMLElement).className} ${n.getBoundingClientRect().height}`),
  )
}

/** The phone-width rules on what the page shows now. */
export async function expectPhoneRules(page: Page) {
  await expectNoOverflow(page)
  expect(await shortControls(page)).toEqual([])
}

/**
 * A page for one of the console's tests: a fresh context at `viewport` (Chinese locale, the clipboard allowed for
 * `clipboardFor` when given), 8 s waits, and the page's own errors and console errors collected into `errors`.
 */
export async function openPage(browser: Browser, errors: string[], options: { viewport?: { width: number; height: number }; clipboardFor?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'zh-CN' })
  if (options.clipboardFor) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: options.clipboardFor })
  const page = await context.newPage()
  page.setDefaultTimeout(8000)
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return page
}

/**
 * A fictional amendment (test data only: no such document exists) that raises the shipped document's 3.2
 * subsidy to 500 元 from 2024-07-01.
 */
export const FICTIONAL_AMENDMENT_TITLE = '（测试用虚构文件）关于调整社保补贴标准的通知'

export function fictionalAmendment(id: string, docNumber: string): string {
  const title = FICTIONAL_AMENDMENT_TITLE
  return `---
id: ${id}
title: ${title}
issuer: （测试用虚构）发文单位
docNumber: ${docNumber}
issued: 2024-06-15
effective: 2024-07-01
supersedes:
  - document: ningbo-flexible-employment-2021
    sections: ['3.2']
---

# ${title}

## 一、调整补贴标准

（一）社保补贴。对符合条件的灵活就业人员给予每人每月500元的社保补贴。
`
}
