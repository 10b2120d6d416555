import { randomBytes } from 'node:crypto'
import { expect, type Page } from '@playwright/test'
import { AUTHOR } from './env'

export const READER_POST = '/posts/writing-about-failures'

/**
 * Each test presents its own client address, so the per-IP rate limit of one
 * test never spills into another (the server trusts X-Forwarded-For, as it does
 * behind Vercel's edge).
 */
export async function useClientIp(page: Page, ip = randomIp()): Promise<string> {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': ip })
  return ip
}

export function randomIp(): string {
  const b = randomBytes(3)
  return `203.${b[0]}.${b[1]}.${b[2]}`
}

/** A link no other test sends, so tests can run in parallel on one database. */
export function uniqueStoryUrl(label = 'story'): string {
  return `https://blog-${randomBytes(4).toString('hex')}.example.com/${label}`
}

export async function fillLinkForm(
  page: Page,
  values: { url: string; title?: string; name?: string; note?: string },
): Promise<void> {
  await page.getByLabel('Link to your story').fill(values.url)
  if (values.title !== undefined) await page.getByLabel('Title (optional)').fill(values.title)
  if (values.name !== undefined) await page.getByLabel('Your name (optional)').fill(values.name)
  if (values.note !== undefined) {
    await page.getByLabel('A note for the author (optional)').fill(values.note)
  }
}

export async function signInAsAuthor(page: Page, callbackPath = '/admin'): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`)
  await page.getByLabel('Email').fill(AUTHOR.email)
  await page.getByLabel('Password').fill(AUTHOR.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible()
}
