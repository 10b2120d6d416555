import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { MESSAGES } from '@/lib/submissions/form-state'
import { approvedLinksByPost, approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { testDatabases, useTestDatabase } from '../support/test-databases'
import { OTHER_POST, POST, context, form } from './support'

describe.each(testDatabases)('$name: public lists of approved links', ({ open }) => {
  const handle = useTestDatabase(open)

  /**
   * Sends a link through the real submission path, then sets its status and its
   * age (minutes ago) directly, as moderation would after some time.
   */
  async function link(
    url: string,
    options: { post?: string; status?: string; minutesAgo: number; title?: string; name?: string },
  ): Promise<void> {
    const state = await submitLink(
      form({
        postSlug: options.post ?? POST,
        url,
        title: options.title ?? `Title of ${url}`,
        name: options.name ?? 'Reader',
      }),
      context(handle.db, { acceptsLinks: () => true }),
    )
    expect(state.message).toBe(MESSAGES.received)
    await handle.db.execute(sql`
      update submissions
      set status = ${options.status ?? 'approved'}::submission_status,
          created_at = now() - make_interval(mins => ${options.minutesAgo})
      where url = ${url}`)
  }

  it('lists only the approved links of that post, newest first, with host, title and name', async () => {
    await link('https://old.example.com/a', { minutesAgo: 30, title: 'Oldest', name: 'Ann' })
    await link('https://new.example.com/b', { minutesAgo: 1, title: 'Newest', name: 'Bo' })
    await link('https://www.mid.example.org/c?x=1', { minutesAgo: 10, title: 'Middle' })
    await link('https://pending.example.com/', { minutesAgo: 0, status: 'pending' })
    await link('https://rejected.example.com/', { minutesAgo: 0, status: 'rejected' })
    await link('https://spam.example.com/', { minutesAgo: 0, status: 'spam' })
    await link('https://elsewhere.example.com/', { minutesAgo: 0, post: OTHER_POST })

    const links = await approvedLinksForPost(handle.db, POST)
    expect(links.map((l) => [l.title, l.host, l.submitterName])).toEqual([
      ['Newest', 'new.example.com', 'Bo'],
      ['Middle', 'www.mid.example.org', 'Reader'],
      ['Oldest', 'old.example.com', 'Ann'],
    ])
    expect(links.every((l) => l.postSlug === POST)).toBe(true)
    expect(links[0]).toEqual({
      id: expect.any(Number),
      postSlug: POST,
      url: 'https://new.example.com/b',
      title: 'Newest',
      submitterName: 'Bo',
      host: 'new.example.com',
      createdAt: expect.any(Date),
    })
    // The dates are real instants, in the order shown.
    const times = links.map((l) => l.createdAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(Date.now() - times[0]!).toBeGreaterThan(30_000)
    expect(Date.now() - times[0]!).toBeLessThan(5 * 60_000)
    // The public list never exposes the note, the status or the submitter's hash.
    expect(Object.keys(links[0]!).sort()).toEqual(
      ['createdAt', 'host', 'id', 'postSlug', 'submitterName', 'title', 'url'].sort(),
    )

    expect(await approvedLinksForPost(handle.db, 'no-such-post')).toEqual([])
  })

  it('breaks a tie on created_at by the newer id', async () => {
    await link('https://first.example.com/', { minutesAgo: 5 })
    await link('https://second.example.com/', { minutesAgo: 5 })
    await handle.db.execute(
      sql`update submissions set created_at = (select min(created_at) from submissions)`,
    )
    const links = await approvedLinksForPost(handle.db, POST)
    expect(links.map((l) => l.host)).toEqual(['second.example.com', 'first.example.com'])
  })

  it('shows an internationalised host in its punycode form', async () => {
    await link('https://bücher.de/neu', { minutesAgo: 2, title: 'Umlaut' })
    // A whole-script Cyrillic look-alike of apple.com: allowed, but shown for what it is.
    await link('https://аррӏе.com/', { minutesAgo: 1, title: 'Look-alike' })
    const links = await approvedLinksForPost(handle.db, POST)
    expect(links.map((l) => [l.title, l.host, l.url])).toEqual([
      ['Look-alike', 'xn--80ak6aa92e.com', 'https://аррӏе.com/'],
      ['Umlaut', 'xn--bcher-kva.de', 'https://bücher.de/neu'],
    ])
  })

  it('groups every approved link by post, each group newest first', async () => {
    await link('https://a.example.com/1', { minutesAgo: 20 })
    await link('https://a.example.com/2', { minutesAgo: 5 })
    await link('https://b.example.com/1', { minutesAgo: 10, post: OTHER_POST })
    await link('https://b.example.com/2', { minutesAgo: 1, post: OTHER_POST })
    await link('https://b.example.com/pending', {
      minutesAgo: 0,
      post: OTHER_POST,
      status: 'pending',
    })
    await link('https://c.example.com/rejected', {
      minutesAgo: 0,
      post: 'third-post',
      status: 'rejected',
    })

    const groups = await approvedLinksByPost(handle.db)
    expect([...groups.keys()].sort()).toEqual([OTHER_POST, POST].sort())
    expect(groups.get(POST)?.map((l) => l.url)).toEqual([
      'https://a.example.com/2',
      'https://a.example.com/1',
    ])
    expect(groups.get(OTHER_POST)?.map((l) => l.url)).toEqual([
      'https://b.example.com/2',
      'https://b.example.com/1',
    ])
    expect(groups.get(OTHER_POST)?.[0]?.host).toBe('b.example.com')
    expect(groups.has('third-post')).toBe(false)

    // The grouped view agrees with the per-post one.
    expect(groups.get(POST)).toEqual(await approvedLinksForPost(handle.db, POST))
  })

  it('is empty when nothing is approved', async () => {
    await link('https://pending.example.com/', { minutesAgo: 0, status: 'pending' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    expect((await approvedLinksByPost(handle.db)).size).toBe(0)
  })
})
