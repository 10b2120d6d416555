import { expect, test } from '@playwright/test'
import {
  READER_POST,
  fillLinkForm,
  openQueueAt,
  signInThroughForm,
  uniqueStoryUrl,
  useClientIp,
} from './helpers'

test('a reader submits, the author approves, and the link shows on the post; a rejected one never does', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const approvedUrl = uniqueStoryUrl('approved')
  const rejectedUrl = uniqueStoryUrl('rejected')

  const sent: [string, string][] = [
    [approvedUrl, 'The night the backups failed'],
    [rejectedUrl, 'Not a story'],
  ]
  for (const [url, title] of sent) {
    await page.goto(READER_POST)
    await fillLinkForm(page, { url, title, name: 'Ada' })
    await page.getByRole('button', { name: 'Send my link' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText('will appear')
  }

  const queue = '/admin?post=writing-about-failures&status=pending'
  const author = await browser.newPage()
  await signInThroughForm(author, queue)
  // Found by URL (and paged to), so rows and titles left by earlier runs do not interfere.
  const approvedRow = await openQueueAt(author, queue, approvedUrl)
  await approvedRow.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(approvedRow).toHaveCount(0)
  const rejectedRow = await openQueueAt(author, queue, rejectedUrl)
  await rejectedRow.getByRole('button', { name: 'Reject', exact: true }).click()
  await expect(rejectedRow).toHaveCount(0)

  await page.goto(READER_POST)
  const stories = page.locator('.stories')
  const link = stories.locator(`a[href="${approvedUrl}"]`)
  await expect(link).toHaveText('The night the backups failed')
  await expect(link).toHaveAttribute('rel', 'ugc nofollow noopener')
  await expect(stories.locator(`a[href="${rejectedUrl}"]`)).toHaveCount(0)

  await page.goto('/links')
  await expect(page.getByRole('main').locator(`a[href="${approvedUrl}"]`)).toHaveText(
    'The night the backups failed',
  )
  await expect(page.getByRole('main').locator(`a[href="${rejectedUrl}"]`)).toHaveCount(0)
})
