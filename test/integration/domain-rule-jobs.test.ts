import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScheduledWork } from '@/lib/jobs/run'
import { setDomainRule } from '@/lib/moderation/domain-rules'
import { deleteSubmissions } from '@/lib/moderation/moderate'
import { submitLink } from '@/lib/intake/form'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { forgetInstalledJobs, installJobs } from '@/lib/jobs/install'
import { registerFollowUp, resetRegistry } from '@/lib/outbox/registry'
import { allSubmissions, context, form } from './support'

/*
 * The notification and link-check jobs are follow-ups the edge registers
 * (lib/jobs/install.ts). A probe stands in for them here, so the test shows
 * which new submissions get follow-up work: every one but a blocked domain's.
 */
function installProbe(): void {
  resetRegistry()
  forgetInstalledJobs()
  registerFollowUp('submission.created', (s) => [
    { kind: 'probe', payload: { id: s.id, status: s.status } },
  ])
}

describe.each(testDatabases)('$name: follow-up jobs of a new submission', ({ open }) => {
  beforeAll(installProbe)
  afterAll(() => {
    resetRegistry()
    installJobs()
  })
  const handle = useTestDatabase(open)

  const jobs = () =>
    queryRows<{ kind: string; payload: { id: number; status: string } }>(
      handle.db,
      sql`select kind, payload from outbox order by id`,
    )

  it('a trusted link gets its jobs (the author is still told), a blocked one none', async () => {
    await setDomainRule(handle.db, { domain: 'friend.dev', kind: 'trusted', by: 'a' })
    await setDomainRule(handle.db, { domain: 'spam-links.com', kind: 'blocked', by: 'a' })
    for (const url of [
      'https://friend.dev/a',
      'https://spam-links.com/b',
      'https://stranger.org/c',
    ]) {
      expect((await submitLink(form({ url }), context(handle.db))).status).toBe('success')
    }
    const rows = await allSubmissions(handle.db)
    expect(rows.map((r) => r.status)).toEqual(['approved', 'spam', 'pending'])
    expect((await jobs()).map((j) => j.payload)).toEqual([
      { id: rows[0]!.id, status: 'approved' },
      { id: rows[2]!.id, status: 'pending' },
    ])
  })

  it('the scheduled work purges what has been deleted for more than 30 days', async () => {
    await submitLink(form({ url: 'https://old.example.com/a' }), context(handle.db))
    const [row] = await allSubmissions(handle.db)
    await deleteSubmissions(handle.db, { ids: [row!.id], by: 'a' })
    await handle.db.execute(sql`delete from outbox`)
    const soon = await runScheduledWork(handle.db, new Date(Date.now() + 29 * 86_400_000))
    expect(soon.tasks).toContainEqual({
      name: 'purge-deleted-submissions',
      ok: true,
      result: { purged: 0 },
    })
    const later = await runScheduledWork(handle.db, new Date(Date.now() + 31 * 86_400_000))
    expect(later.tasks).toContainEqual({
      name: 'purge-deleted-submissions',
      ok: true,
      result: { purged: 1 },
    })
    expect(await allSubmissions(handle.db)).toEqual([])
  })
})
