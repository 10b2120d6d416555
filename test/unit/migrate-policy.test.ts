import { describe, expect, it } from 'vitest'
import { migrateDecision } from '@/lib/db/migrate-policy'

const decide = (
  VERCEL?: string,
  VERCEL_ENV?: 'production' | 'preview' | 'development',
  own = false,
) => migrateDecision({ VERCEL, VERCEL_ENV, MIGRATE_ON_PREVIEW: own }).migrate

describe('migrateDecision', () => {
  it('migrates off Vercel (self-hosted, local) and in production', () => {
    expect(decide()).toBe(true)
    expect(decide(undefined, 'preview')).toBe(true)
    expect(decide('1', 'production')).toBe(true)
  })

  it('leaves the database of a preview or development deployment alone unless it is its own', () => {
    expect(decide('1', 'preview')).toBe(false)
    expect(decide('1', 'development')).toBe(false)
    expect(decide('1', undefined)).toBe(false)
    expect(decide('1', 'preview', true)).toBe(true)
  })
})
