/**
 * The screenshots of /admin in docs/moderation.md, made again on demand:
 *   E2E_PORT=3100 npx tsx scripts/test-build.ts   (once: a production build)
 *   E2E_PORT=3100 npx tsx scripts/queue-screenshots.ts [name-prefix]
 * A fresh PGlite folder gets a handful of sample submissions (our own words,
 * one of each kind the queue shows: a link check that passed, one that links
 * back, a broken one, a look-alike host, a Webmention), then the built site is
 * started on it and the queue's first screen is taken at 1280×800 and 375×667,
 * light and dark, and once with a row open and a row approved, into
 * docs/images/ as small palette PNGs.
 */
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { chromium, type BrowserContext } from '@playwright/test'
import { sql } from 'drizzle-orm'
import sharp from 'sharp'
import { openPglite } from '../lib/db/pglite'
import { signInAsAuthor } from '../test/support/form-client'
import { E2E_BASE_URL, E2E_PORT, serverEnv } from '../test/support/server-env'

const prefix = process.argv[2] ?? 'queue'
const folder = '.data/screenshots-pglite'

const SAMPLES = [
  {
    url: 'https://notes.rivera.dev/2025/the-test-that-lied',
    title: 'The test that lied for a year',
    name: 'Sam Rivera',
    note: 'A war story about a green build that meant nothing.',
    check: { reachable: true, linksBack: true, title: 'The test that lied for a year' },
  },
  {
    url: 'https://blog.example.org/red-first',
    title: 'Why I write the failing test first',
    name: 'Kim',
    check: { reachable: true, linksBack: false, title: 'Red first' },
  },
  {
    url: 'https://xn--80ak6aa92e.com/login',
    title: 'Free testing course',
    name: null,
    check: null,
  },
  {
    url: 'https://old.example.net/posts/flaky',
    title: 'Flaky tests and the people who love them',
    name: 'Jo',
    check: { reachable: false, linksBack: false, title: null, httpStatus: 404, failures: 2 },
  },
  {
    url: 'https://mentions.example.com/replies/42',
    title: 'A reply to “Stop mocking the database”',
    name: 'Alex',
    source: 'webmention',
    check: { reachable: true, linksBack: true, title: 'A reply' },
  },
  {
    url: 'https://dev.example.io/notes/specs',
    title: 'Specs as the first draft of the docs',
    name: 'Priya',
    check: null,
  },
] as const

async function seed(): Promise<void> {
  await rm(folder, { recursive: true, force: true })
  const handle = await openPglite(folder)
  let minutes = 90
  for (const s of SAMPLES) {
    minutes -= 13
    const result = await handle.db.execute(sql`
      insert into submissions (post_slug, url, normalized_url, title, submitter_name, note, source_kind, created_at, ip_hash)
      values ('stop-mocking-the-database', ${s.url}, ${s.url}, ${s.title}, ${s.name}, ${'note' in s ? s.note : null},
        ${'source' in s ? s.source : 'form'}, now() - make_interval(mins => ${minutes}), 'sample')
      returning id`)
    const row = (result as unknown as { rows: { id: number }[] }).rows[0]
    const check = s.check
    if (row && check) {
      await handle.db.execute(sql`
        insert into link_checks (submission_id, checked_at, reachable, http_status, title, links_back, consecutive_failures, error)
        values (${row.id}, now(), ${check.reachable}, ${'httpStatus' in check ? check.httpStatus : 200},
          ${check.title}, ${check.linksBack}, ${'failures' in check ? check.failures : 0},
          ${check.reachable ? null : 'HTTP 404'})`)
    }
  }
  await handle.close()
}

async function save(png: Buffer, name: string): Promise<void> {
  const file = path.join('docs/images', name)
  await sharp(png).png({ palette: true, quality: 80, compressionLevel: 9 }).toFile(file)
  console.log(`wrote ${file}`)
}

const signIn = (context: BrowserContext, cookie: string) =>
  context.addCookies(
    cookie.split('; ').map((pair) => {
      const eq = pair.indexOf('=')
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: E2E_BASE_URL }
    }),
  )

async function shoot(): Promise<void> {
  const server = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-p', String(E2E_PORT)],
    { env: { ...process.env, ...serverEnv, PGLITE_DIR: folder }, stdio: 'ignore' },
  )
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(`${E2E_BASE_URL}/about`).then(
        (r) => r.ok,
        () => false,
      )
      if (up) break
      if (i > 120) throw new Error('the server did not start')
      await new Promise((r) => setTimeout(r, 500))
    }
    const cookie = await signInAsAuthor(E2E_BASE_URL)
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    })
    for (const [size, device] of [
      ['desktop', { viewport: { width: 1280, height: 800 } }],
      // A touch screen, as a phone is: no keyboard legend.
      ['phone', { viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true }],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ ...device, colorScheme })
        await signIn(context, cookie)
        const page = await context.newPage()
        await page.goto(`${E2E_BASE_URL}/admin`)
        await page.getByRole('heading', { name: 'Moderation' }).waitFor()
        await save(await page.screenshot(), `${prefix}-${size}-${colorScheme}.png`)
        await context.close()
      }
    }
    // Last, as it moves a row: one row's details open, the next one approved (its line in place).
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await signIn(context, cookie)
    const page = await context.newPage()
    await page.goto(`${E2E_BASE_URL}/admin`)
    const rows = page.locator('ol.submissions > li')
    await rows.nth(0).locator('details.row-more > summary').click()
    await rows.nth(1).getByRole('button', { name: 'Approve', exact: true }).click()
    await rows.nth(1).getByText('Approved · Undo').waitFor()
    await save(await page.screenshot(), `${prefix}-desktop-moved.png`)
    await browser.close()
  } finally {
    server.kill()
  }
}

await seed()
await shoot()
