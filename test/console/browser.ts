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
