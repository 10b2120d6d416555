import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refusalPages } from '@/lib/notify/refusal-page'
import { REFUSAL_TEXT } from '@/lib/notify/one-click-text'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rgr-refused-'))
  await writeFile(
    path.join(dir, 'forged.html'),
    '<!DOCTYPE html><html><body><header class="site-header"></header><div class="one-click" data-refusal="forged"></div></body></html>',
  )
  // Not a page of this refusal: never sent as one.
  await writeFile(path.join(dir, 'expired.html'), '<!DOCTYPE html><html><body></body></html>')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('refusalPages', () => {
  it("answers with the build's prerendered page of the refusal", () => {
    const html = refusalPages(dir)('forged')
    expect(html).toContain('class="site-header"')
    expect(html).toContain('data-refusal="forged"')
  })

  it('falls back to a plain page that says the same and follows dark mode', () => {
    const page = refusalPages(dir)
    for (const reason of ['expired', 'malformed'] as const) {
      const html = page(reason)
      expect(html).toContain(`data-refusal="${reason}"`)
      expect(html).toContain(REFUSAL_TEXT[reason].title)
      expect(html).toContain('color-scheme:light dark')
    }
    expect(refusalPages(path.join(dir, 'missing'))('forged')).toContain(REFUSAL_TEXT.forged.detail)
  })
})
