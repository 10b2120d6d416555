import { describe, expect, it } from 'vitest'
import { isCronAuthorized } from '@/lib/jobs/cron-auth'

describe('isCronAuthorized', () => {
  it('accepts exactly "Bearer <secret>"', () => {
    expect(isCronAuthorized('Bearer s3cret', 's3cret')).toBe(true)
  })
  it('refuses a wrong, partial or differently spelled token', () => {
    for (const header of ['Bearer s3cre', 'Bearer s3cret ', 'bearer s3cret', 's3cret', '']) {
      expect(isCronAuthorized(header, 's3cret')).toBe(false)
    }
    expect(isCronAuthorized(null, 's3cret')).toBe(false)
  })
  it('refuses everything while no secret is configured', () => {
    expect(isCronAuthorized('Bearer ', undefined)).toBe(false)
    expect(isCronAuthorized('Bearer undefined', undefined)).toBe(false)
  })
})
