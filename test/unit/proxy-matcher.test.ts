import { describe, expect, it } from 'vitest'
import { config } from '@/proxy'
import { FLASH_COOKIE } from '@/lib/submissions/flash'

// The matcher must stay literal (Next reads it at build time), so the flash
// cookie's name is written out there: this keeps it the name the action sets.
describe("proxy.ts's matcher", () => {
  it('runs the proxy on a post only when it brings the no-JavaScript answer cookie', () => {
    expect(config.matcher).toContainEqual({
      source: '/posts/:slug',
      has: [{ type: 'cookie', key: FLASH_COOKIE }],
    })
    expect(config.matcher).not.toContain('/posts/:slug')
  })
})
