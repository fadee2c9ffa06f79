import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium: the browser tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Launch Debian's headless Chromium as the browser tests run it (as root, no sandbox, nothing in
 * the background that reaches the network).
 * @throws Error naming the package to install when Chromium is missing
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests drive Debian's Chromium (apt-get install -y chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
