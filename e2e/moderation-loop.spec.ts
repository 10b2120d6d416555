import { expect, test } from '@playwright/test'
import { READER_POST, fillLinkForm, signInAsAuthor, uniqueStoryUrl, useClientIp } from './helpers'

test('a reader submits, the author approves, and the link shows on the post; a rejected one never does', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const approvedUrl = uniqueStoryUrl('approved')
  const rejectedUrl = uniqueStoryUrl('rejected')

  for (const [url, title] of [
    [approvedUrl, 'The night the backups failed'],
    [rejectedUrl, 'Not a story'],
  ] as const) {
    await page.goto(READER_POST)
    await fillLinkForm(page, { url, title, name: 'Ada' })
    await page.getByRole('button', { name: 'Send my link' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText('will appear')
  }

  const author = await browser.newPage()
  await signInAsAuthor(author, '/admin?post=writing-about-failures&status=pending')
  const approvedRow = author.getByRole('listitem').filter({ hasText: approvedUrl })
  await approvedRow.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(approvedRow).toHaveCount(0)
  const rejectedRow = author.getByRole('listitem').filter({ hasText: rejectedUrl })
  await rejectedRow.getByRole('button', { name: 'Reject', exact: true }).click()
  await expect(rejectedRow).toHaveCount(0)

  await page.goto(READER_POST)
  const stories = page.locator('.stories')
  const link = stories.getByRole('link', { name: 'The night the backups failed' })
  await expect(link).toHaveAttribute('href', approvedUrl)
  await expect(link).toHaveAttribute('rel', 'ugc nofollow noopener')
  await expect(stories.getByText('Not a story')).toHaveCount(0)

  await page.goto('/links')
  await expect(page.getByRole('link', { name: 'The night the backups failed' })).toBeVisible()
  await expect(page.getByText('Not a story')).toHaveCount(0)
})
