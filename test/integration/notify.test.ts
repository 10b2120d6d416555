import { createHmac, timingSafeEqual } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { notifyAuthorOfLockout } from '@/lib/auth/lockout-notice'
import { resetEnvForTests } from '@/lib/env'
import { moderate } from '@/lib/moderation/moderate'
import { EMAIL_NEW_JOB } from '@/lib/notify/email-jobs'
import { createNotifyHandlers } from '@/lib/notify/handlers'
import { standardWebhookSecret } from '@/lib/notify/webhook'
import { WEBHOOK_JOB } from '@/lib/notify/webhook-jobs'
import { claimJob, drainOutbox, type DrainOptions } from '@/lib/outbox/queue'
import { normalizeSubmittedUrl } from '@/lib/submissions/normalize-url'
import { storeSubmission } from '@/lib/intake/store'
import {
  queryRows,
  testDatabases,
  useTestDatabase,
  type TestDatabaseHandle,
} from '../support/test-databases'
import {
  startSmtp,
  startWebhookReceiver,
  type TestSmtp,
  type ReceivedHook,
  type TestWebhook,
} from '../support/notify-peers'
import { POST } from './support'

const SECRET = 'webhook-test-secret'
const SITE = 'https://blog.example.test'
const ENV_KEYS = [
  'SMTP_URL',
  'NOTIFY_EMAIL_TO',
  'NOTIFY_EMAIL_FROM',
  'NOTIFY_WEBHOOK_URL',
  'NOTIFY_WEBHOOK_SECRET',
  'NOTIFY_DIGEST_THRESHOLD',
  'NOTIFY_DIGEST_WINDOW_MINUTES',
  'AUTH_SECRET',
  'SITE_URL',
] as const

/** The check a receiver runs: HMAC-SHA256 of the raw body, compared in constant time. */
function signatureValid(body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`)
  const given = Buffer.from(String(header))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The check a Standard Webhooks receiver runs, with the library itself. */
function standardValid(hook: ReceivedHook, secret = standardWebhookSecret(SECRET)): boolean {
  try {
    new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each(testDatabases)('$name: notifications', ({ open }) => {
  const handle = useTestDatabase(open)
  let smtp: TestSmtp
  let hook: TestWebhook
  const saved: Record<string, string | undefined> = {}

  beforeAll(async () => {
    smtp = await startSmtp()
    hook = await startWebhookReceiver()
    for (const k of ENV_KEYS) saved[k] = process.env[k]
  })
  afterAll(async () => {
    await smtp?.close()
    await hook?.close()
  })
  beforeEach(async () => {
    smtp.mails.length = 0
    hook.hooks.length = 0
    hook.requests.length = 0
    hook.status = 200
    hook.verify = undefined
    Object.assign(process.env, {
      SMTP_URL: smtp.url,
      NOTIFY_EMAIL_TO: 'author@example.test',
      NOTIFY_EMAIL_FROM: 'Red Green Repeat <blog@example.test>',
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_DIGEST_THRESHOLD: '5',
      NOTIFY_DIGEST_WINDOW_MINUTES: '15',
      AUTH_SECRET: 'notify-test-auth-secret-0123456789',
      SITE_URL: SITE,
    })
    resetEnvForTests()
  })
  afterEach(async () => {
    await smtp.start() // after a test that stopped it
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
    resetEnvForTests()
  })

  const handlers = () =>
    createNotifyHandlers({
      database: async () => handle.db,
      postTitle: async (slug) => (slug === POST ? 'Writing about failures' : undefined),
    })
  const drain = (options: DrainOptions = {}) =>
    drainOutbox(handle.db, handlers(), { limit: 500, ...options })

  let n = 0
  async function submit(values: { title?: string; name?: string; note?: string } = {}) {
    n++
    const url = `https://stories-${n}.example.com/the-outage`
    const outcome = await storeSubmission(
      handle.db,
      {
        url,
        normalizedUrl: normalizeSubmittedUrl(url),
        title: values.title ?? `Story ${n}`,
        name: values.name ?? 'Ada',
        note: values.note ?? null,
        postSlug: POST,
        ipHash: `hash-${n}`,
      },
      { max: 1000, windowSeconds: 600 },
    )
    if (outcome.status !== 'received') throw new Error(`not stored: ${outcome.status}`)
    return { id: outcome.id, url }
  }

  /**
   * Puts every submission inside one digest window that has not ended yet (the
   * first 15 minutes of the next hour), so the tests do not depend on the clock.
   */
  const pinToNextHour = () =>
    handle.db.execute(
      sql`update submissions set created_at = date_trunc('hour', now()) + interval '1 hour' + make_interval(secs => id)`,
    )

  /** Jobs waiting for a later time (backoff, digest window) become due now. */
  const makeDue = () => handle.db.execute(sql`update outbox set run_after = now()`)

  it('a submission leads to one email and one signed webhook, without the IP hash', async () => {
    const { id, url } = await submit({
      title: 'The night the backups failed',
      name: 'Grace',
      note: 'Second half is the good part.',
    })
    expect(await drain()).toEqual({ done: 2, retried: 0, dead: 0 })

    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]!
    expect(mail.messageId).toBe(`<submission-${id}.new@blog.example.test>`)
    expect(mail.subject).toContain('Writing about failures')
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('author@example.test')
    const text = mail.text ?? ''
    for (const part of [
      url,
      'The night the backups failed',
      'Grace',
      'Second half is the good part.',
      `${SITE}/posts/${POST}`,
      `#submission-${id}`,
    ]) {
      expect(text).toContain(part)
    }
    expect(text).toMatch(new RegExp(`Approve: ${SITE}/moderate/approve/[\\w-]+\\.[\\w-]{43}`))
    expect(text).toMatch(new RegExp(`Reject: +${SITE}/moderate/reject/[\\w-]+\\.[\\w-]{43}`))
    expect(text).not.toContain('hash-')

    expect(hook.hooks).toHaveLength(1)
    const { headers, body } = hook.hooks[0]!
    expect(headers['content-type']).toBe('application/json')
    expect(signatureValid(body, headers['x-signature-256'])).toBe(true)
    expect(signatureValid(body + ' ', headers['x-signature-256'])).toBe(false)
    const event = JSON.parse(body)
    expect(event).toMatchObject({
      event: 'submission.created',
      submission: { id, url, title: 'The night the backups failed', status: 'pending' },
    })
    expect(body).not.toMatch(/ip_?hash|hash-\d/i)

    // Nothing is left to send.
    expect(await drain()).toEqual({ done: 0, retried: 0, dead: 0 })
    expect(smtp.mails).toHaveLength(1)
  })

  it('fires the webhook on a status change, with the old and new status', async () => {
    const { id } = await submit()
    await drain()
    hook.hooks.length = 0
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author', via: 'admin' })
    await moderate(handle.db, { ids: [id], action: 'spam', by: 'author', via: 'admin' })
    await drain()
    const events = hook.hooks.map((h) => {
      expect(signatureValid(h.body, h.headers['x-signature-256'])).toBe(true)
      return JSON.parse(h.body)
    })
    expect(events.map((e) => [e.event, e.change])).toEqual([
      ['submission.status_changed', { from: 'pending', to: 'approved', via: 'admin' }],
      ['submission.status_changed', { from: 'approved', to: 'spam', via: 'admin' }],
    ])
    expect(smtp.mails).toHaveLength(1) // status changes send no email
  })

  it('SMTP down, then up: the email goes out exactly once, and the webhook is not repeated', async () => {
    await smtp.stop()
    const { id } = await submit()
    const first = await drain()
    expect(first).toEqual({ done: 1, retried: 1, dead: 0 }) // the webhook went, the email waits
    expect(hook.hooks).toHaveLength(1)
    const [job] = await queryRows<{ last_error: string; attempts: number }>(
      handle.db,
      sql`select last_error, attempts from outbox where kind = 'notify-email-new'`,
    )
    expect(job?.attempts).toBe(1)
    expect(job?.last_error).toMatch(/ECONNREFUSED|connect/i)

    await makeDue()
    expect((await drain()).retried).toBe(1) // still down: retried again, nothing lost

    await smtp.start()
    await makeDue()
    expect(await drain()).toEqual({ done: 1, retried: 0, dead: 0 })
    await makeDue()
    await drain()
    expect(smtp.mails.map((m) => m.messageId)).toEqual([`<submission-${id}.new@blog.example.test>`])
    expect(hook.hooks).toHaveLength(1)
  })

  it('a webhook receiver that fails is retried without sending the email again', async () => {
    hook.status = 503
    await submit()
    expect(await drain()).toEqual({ done: 1, retried: 1, dead: 0 })
    hook.status = 200
    await makeDue()
    expect(await drain()).toEqual({ done: 1, retried: 0, dead: 0 })
    expect(hook.hooks).toHaveLength(1)
    expect(smtp.mails).toHaveLength(1)
  })

  it('signs webhooks the Standard Webhooks way; a retry carries the same webhook-id', async () => {
    hook.verify = (h) => standardValid(h)
    hook.status = 503
    await submit()
    expect(await drain()).toEqual({ done: 1, retried: 1, dead: 0 })
    hook.status = 200
    await makeDue()
    expect(await drain()).toEqual({ done: 1, retried: 0, dead: 0 })

    // Both attempts reached the receiver and passed Webhook.verify (else: 401, not accepted).
    expect(hook.requests).toHaveLength(2)
    expect(hook.hooks).toHaveLength(1)
    const [failed, delivered] = hook.requests
    expect(standardValid(failed!)).toBe(true)
    const id = delivered!.headers['webhook-id']
    expect(id).toMatch(/^job-\d+$/)
    expect(failed!.headers['webhook-id']).toBe(id)
    expect(JSON.parse(delivered!.body).deliveryId).toBe(id)
    expect(Number(delivered!.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2)
    // The body-only signature is still there for receivers that check just that.
    expect(signatureValid(delivered!.body, delivered!.headers['x-signature-256'])).toBe(true)

    // A changed body, another id, or another secret does not verify.
    expect(standardValid({ ...delivered!, body: delivered!.body + ' ' })).toBe(false)
    expect(
      standardValid({ ...delivered!, headers: { ...delivered!.headers, 'webhook-id': 'job-0' } }),
    ).toBe(false)
    expect(standardValid(delivered!, standardWebhookSecret('another-secret'))).toBe(false)
  })

  it('a whsec_ secret is used as the Standard Webhooks key as it is', async () => {
    const key = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
    process.env.NOTIFY_WEBHOOK_SECRET = key
    resetEnvForTests()
    hook.verify = (h) => standardValid(h, key)
    await submit()
    await drain()
    expect(hook.hooks).toHaveLength(1)
    const { body, headers } = hook.hooks[0]!
    expect(headers['x-signature-256']).toBe(
      `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
    )
  })

  it('refuses a whsec_ secret that is not base64', async () => {
    process.env.NOTIFY_WEBHOOK_SECRET = 'whsec_not base64!'
    resetEnvForTests()
    await expect(submit()).rejects.toThrow(/NOTIFY_WEBHOOK_SECRET: after whsec_ comes the key/)
  })

  const failedJobs = () =>
    queryRows<{ kind: string; attempts: number; last_error: string }>(
      handle.db,
      sql`select kind, attempts, last_error from outbox where last_error is not null order by id`,
    )

  // 150 database round trips and 55 deliveries: seconds on an idle machine, a
  // minute or more on a loaded one. Nothing in it waits for time to pass, so only
  // the time limit is raised (a timeout here would say "slow", not "wrong").
  it(
    'a burst of 50 gives five emails and one digest, even drained by three instances at once',
    {
      timeout: 300_000,
    },
    async () => {
      const sent = []
      for (let i = 0; i < 50; i++) sent.push(await submit())
      await pinToNextHour()
      // Three drainers at once, as three instances would, until nothing is due.
      let done = 0
      for (;;) {
        const runs = await Promise.all([drain(), drain(), drain()])
        // Nothing failed (and if something did, its error is in the message).
        expect(await failedJobs()).toEqual([])
        expect(runs.every((r) => r.retried === 0 && r.dead === 0)).toBe(true)
        const now = runs.reduce((a, r) => a + r.done, 0)
        if (now === 0) break
        done += now
      }
      expect(done).toBe(100) // 50 emails decided + 50 webhooks
      expect(smtp.mails).toHaveLength(5)
      expect(hook.hooks).toHaveLength(50)

      // The digest waits for the end of the window; then one message holds the other 45.
      const digests = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from outbox where kind = 'notify-email-digest'`,
      )
      expect(digests[0]?.n).toBe(1)
      await makeDue()
      await Promise.all([drain(), drain()])
      expect(smtp.mails).toHaveLength(6)
      const digest = smtp.mails[5]!
      expect(digest.subject).toContain('45 more links')
      const text = digest.text ?? ''
      // Which five went alone depends on which instance ran first; together they cover all 50.
      const alone = sent.filter((s) => smtp.mails.slice(0, 5).some((m) => m.text?.includes(s.url)))
      expect(alone).toHaveLength(5)
      for (const s of sent) expect(text.includes(s.url)).toBe(!alone.includes(s))
      expect(text.match(/Approve: /g)).toHaveLength(45)

      await makeDue()
      await drain()
      expect(smtp.mails).toHaveLength(6)
    },
  )

  it('a submission after the digest went out starts the next digest of that window', async () => {
    process.env.NOTIFY_DIGEST_THRESHOLD = '1'
    resetEnvForTests()
    const a = await submit()
    const b = await submit()
    await pinToNextHour()
    await drain()
    await makeDue()
    await drain()
    const c = await submit()
    await pinToNextHour()
    await drain()
    await makeDue()
    await drain()
    expect(smtp.mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('Story'),
      expect.stringContaining('1 more link'),
      expect.stringContaining('1 more link'),
    ])
    expect(smtp.mails[0]?.text).toContain(a.url)
    expect(smtp.mails[1]?.text).toContain(b.url)
    expect(smtp.mails[2]?.text).toContain(c.url)
  })

  it('with nothing configured, nothing is queued and nothing is sent', async () => {
    for (const k of ['SMTP_URL', 'NOTIFY_EMAIL_TO', 'NOTIFY_EMAIL_FROM', 'NOTIFY_WEBHOOK_URL']) {
      process.env[k] = ''
    }
    resetEnvForTests()
    const { id } = await submit()
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    // The link check is queued whatever is configured; no notification is.
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from outbox where kind like 'notify-%'`,
    )
    expect(row?.n).toBe(0)
    await drain()
    expect(smtp.mails).toHaveLength(0)
    expect(hook.hooks).toHaveLength(0)
  })

  it('tells the author once, by email and signed webhook, that password sign-in is paused', async () => {
    const event = {
      kind: 'sign-in-account-lockout' as const,
      failures: 50,
      windowSeconds: 3600,
      until: new Date('2026-11-28T21:00:00.000Z'),
    }
    // The same pause reported twice (two instances) is one notice per channel.
    for (let i = 0; i < 2; i++) {
      await handle.db.transaction((tx) => notifyAuthorOfLockout(tx, event))
    }
    await drainOutbox(handle.db, createNotifyHandlers({ database: async () => handle.db }))
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]!.subject).toContain('Password sign-in')
    expect(smtp.mails[0]!.text).toContain('paused until 2026-11-28T21:00:00.000Z')
    expect(smtp.mails[0]!.text).toContain('50 failed attempts in the last 60 minutes')
    expect(hook.hooks).toHaveLength(1)
    const body = hook.hooks[0]!.body
    expect(signatureValid(body, hook.hooks[0]!.headers['x-signature-256'])).toBe(true)
    expect(JSON.parse(body)).toMatchObject({
      event: 'account.sign_in_paused',
      failures: 50,
      pausedUntil: '2026-11-28T21:00:00.000Z',
    })
  })
})

describe.each(testDatabases)('$name: delivery with leases', ({ open }) => {
  // The same set-up as above, kept apart so these slower cases read on their own.
  const handle = useTestDatabase(open)
  let smtp: TestSmtp
  let hook: TestWebhook
  const saved: Record<string, string | undefined> = {}

  beforeAll(async () => {
    smtp = await startSmtp()
    hook = await startWebhookReceiver()
    for (const k of ENV_KEYS) saved[k] = process.env[k]
  })
  afterAll(async () => {
    await smtp?.close()
    await hook?.close()
  })
  beforeEach(async () => {
    smtp.mails.length = 0
    hook.hooks.length = 0
    hook.requests.length = 0
    hook.status = 200
    hook.verify = (h) => standardValid(h)
    Object.assign(process.env, {
      SMTP_URL: smtp.url,
      NOTIFY_EMAIL_TO: 'author@example.test',
      NOTIFY_EMAIL_FROM: 'Red Green Repeat <blog@example.test>',
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_DIGEST_THRESHOLD: '50',
      NOTIFY_DIGEST_WINDOW_MINUTES: '15',
      AUTH_SECRET: 'notify-test-auth-secret-0123456789',
      SITE_URL: SITE,
    })
    resetEnvForTests()
  })
  afterEach(() => {
    smtp.releaseAll() // after a test that failed while the server held a message
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
    resetEnvForTests()
  })

  const handlers = () => createNotifyHandlers({ database: async () => handle.db })
  /**
   * A lease far longer than any test waits, renewed often: how busy the machine
   * is cannot make it lapse. A lease lapses only when a test says so, by moving
   * locked_until into the past (as if the lease time had gone by).
   */
  const LEASE = { leaseSeconds: 600, renewEveryMs: 25 }
  const drain = (h: TestDatabaseHandle, options: DrainOptions) =>
    drainOutbox(h.db, handlers(), { limit: 50, ...options })

  /** Every lease taken so far runs out, as if its time had gone by with no renewal. */
  const lapseLeases = () =>
    handle.db.execute(
      sql`update outbox set locked_until = now() - interval '1 second' where locked_until is not null`,
    )
  const leased = () =>
    queryRows<{ id: number; kind: string; submission_id: number }>(
      handle.db,
      sql`select id, kind, (payload->>'submissionId')::int as submission_id from outbox
          where locked_until > now() and done_at is null order by id`,
    )
  /** Waits (polling, no fixed time) until some lease is current again: a heartbeat renewed it. */
  async function renewedLeases(giveUpMs = 30_000) {
    const until = Date.now() + giveUpMs
    for (;;) {
      const rows = await leased()
      if (rows.length > 0) return rows
      if (Date.now() > until)
        throw new Error('no lease was renewed: the running job has no heartbeat')
      await sleep(10)
    }
  }

  let n = 0
  async function submit() {
    n++
    const url = `https://slow-${n}.example.com/post`
    const outcome = await storeSubmission(
      handle.db,
      {
        url,
        normalizedUrl: normalizeSubmittedUrl(url),
        title: `Slow ${n}`,
        name: 'Ada',
        note: null,
        postSlug: POST,
        ipHash: `hash-${n}`,
      },
      { max: 1000, windowSeconds: 600 },
    )
    if (outcome.status !== 'received') throw new Error(`not stored: ${outcome.status}`)
    return outcome.id
  }

  it('two overlapping drains and a slow SMTP server send every email exactly once', async () => {
    const ids = [await submit(), await submit(), await submit()]
    // The server holds the first message it gets until the test lets it go: the
    // first drain is provably mid-send while everything below happens.
    const gate = smtp.holdNext()
    const first = drain(handle, LEASE)
    const held = await gate.arrived
    const heldId = ids.find((id) => held.messageId === `<submission-${id}.new@blog.example.test>`)
    expect(heldId).toBeDefined()

    // The lease time goes by. The running job's heartbeat renews its own lease;
    // nothing else is leased (a lease over a batch would leave the jobs waiting
    // behind it lapsed, and the next drain would run them a second time).
    await lapseLeases()
    expect(await renewedLeases()).toEqual([
      expect.objectContaining({ kind: EMAIL_NEW_JOB, submission_id: heldId }),
    ])

    // The next cron run, while the first is still sending: it takes everything else.
    const second = await drain(handle, LEASE)
    expect(smtp.mails).toHaveLength(2)
    gate.release()
    const results = [await first, second]
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(6) // 3 emails + 3 webhooks
    expect(results.every((r) => r.retried === 0 && r.dead === 0)).toBe(true)

    const messageIds = smtp.mails.map((m) => m.messageId).sort()
    expect(messageIds).toEqual(ids.map((id) => `<submission-${id}.new@blog.example.test>`).sort())
    const hookIds = hook.hooks.map((h) => h.headers['webhook-id'])
    expect(new Set(hookIds).size).toBe(3)
    expect(hook.requests).toHaveLength(3)

    // Every job ran once: one claim each.
    const claims = await queryRows<{ attempts: number }>(
      handle.db,
      sql`select attempts from outbox where kind like 'notify-%'`,
    )
    expect(claims.map((c) => c.attempts)).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('a job whose worker died runs again once its lease lapses, recognisably the same', async () => {
    const id = await submit()
    // A worker claims the webhook and the email, delivers both, and dies before
    // it can mark either done.
    for (const kind of [WEBHOOK_JOB, EMAIL_NEW_JOB]) {
      const job = await claimJob(handle.db, [kind], LEASE.leaseSeconds)
      expect(job?.kind).toBe(kind)
      await handlers()[kind]!(job!.payload, job!)
    }
    expect(hook.hooks).toHaveLength(1)
    expect(smtp.mails).toHaveLength(1)

    // While the lease runs, nobody else takes them.
    expect(await drain(handle, LEASE)).toEqual({ done: 0, retried: 0, dead: 0 })
    await lapseLeases() // no heartbeat: the worker is gone
    expect(await drain(handle, LEASE)).toEqual({ done: 2, retried: 0, dead: 0 })

    // At least once: the webhook came again, with the same webhook-id, freshly signed.
    expect(hook.hooks).toHaveLength(2)
    const [a, b] = hook.hooks
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id'])
    expect(
      hook.hooks.every(
        (h) => standardValid(h) && signatureValid(h.body, h.headers['x-signature-256']),
      ),
    ).toBe(true)
    // The email had been recorded as sent: the rerun finds that and sends nothing more.
    expect(smtp.mails.map((m) => m.messageId)).toEqual([`<submission-${id}.new@blog.example.test>`])
  })
})
