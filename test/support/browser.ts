import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

// The browser tests' Debian Chromium (nothing downloaded): found once, required under CI, launched
// the same way; screenshots per test under .see-test-artifacts/; axe-core's WCAG check of a page.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Whether Chromium is here for `test`: under CI its absence fails the suite, elsewhere the test is skipped and says why. */
export function chromiumPresent (test: string): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true') throw new Error(`${test} needs Chromium at ${CHROMIUM} under CI (apt-get install -y chromium; .ci/run installs it)`)
  console.warn(`[${test}] no Chromium at ${CHROMIUM} (apt-get install -y chromium, or CHROMIUM_PATH): the browser test is skipped`)
  return false
}

export async function launchChromium (): Promise<Browser> {
  // Chromium's sandbox refuses to start as root (containers, CI): only then is it turned off.
  return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] })
}

/** A function that saves a full-page screenshot as `.see-test-artifacts/<folder>/<name>.png`. */
export function screenshots (folder: string): (page: Page, name: string) => Promise<void> {
  const artifacts = fileURLToPath(new URL(`../../.see-test-artifacts/${folder}`, import.meta.url))
  return async (page, name) => {
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true })
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Serious or critical WCAG violations axe-core finds on `url`, in a context of its own where the
 * test (not the page) runs scripts, with the session of `session` when given.
 */
export async function accessibilityViolations (browser: Browser, url: string, session?: BrowserContext): Promise<string[]> {
  const checking = await browser.newContext({ bypassCSP: true, ...(session !== undefined && { storageState: await session.storageState() }) })
  try {
    const page = await checking.newPage()
    await page.goto(url)
    await page.addScriptTag({ content: axeSource })
    return await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: Array<{ id: string, impact: string, nodes: unknown[] }> }> } }).axe
      const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
      return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id} (${v.nodes.length})`)
    })
  } finally {
    await checking.close()
  }
}
