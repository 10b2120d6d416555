import { describe, expect, it, vi } from 'vitest'
import { MESSAGES, emptyValues } from '@/lib/submissions/form-state'
import { HONEYPOT_FIELD, submitLink, type SubmitContext } from '@/lib/intake/form'

const OWN_HOST = 'red-green-repeat.dev'

/** A context whose database must not be reached; calls to it are recorded and fail. */
function context(overrides: Partial<SubmitContext> = {}) {
  const database = vi.fn(async () => {
    throw new Error('the database must not be reached')
  })
  const ctx: SubmitContext = {
    database,
    ipHash: 'hash-of-client',
    ownHost: OWN_HOST,
    rateLimit: { max: 5, windowSeconds: 600 },
    acceptsLinks: () => true,
    ...overrides,
  }
  return { ctx, database }
}

const typed = {
  postSlug: 'naming-tests',
  [HONEYPOT_FIELD]: '',
  url: 'https://example.com/my-story',
  title: 'My <b>story</b>',
  name: 'Ada',
  note: 'Line one\r\nLine two',
}

const echoed = {
  url: typed.url,
  title: typed.title,
  name: typed.name,
  note: typed.note,
}

describe('submitLink', () => {
  it('uses "homepage" as the honeypot field', () => {
    expect(HONEYPOT_FIELD).toBe('homepage')
  })

  describe('a post that takes no links', () => {
    it('is refused with the closed message, keeping what was typed', async () => {
      const acceptsLinks = vi.fn(() => false)
      const { ctx, database } = context({ acceptsLinks })
      const state = await submitLink(typed, ctx)
      expect(state).toEqual({
        status: 'error',
        message: MESSAGES.closed,
        fieldErrors: {},
        values: echoed,
      })
      expect(acceptsLinks).toHaveBeenCalledWith('naming-tests')
      expect(database).not.toHaveBeenCalled()
    })

    it('is checked with an async answer too', async () => {
      const { ctx } = context({ acceptsLinks: async () => false })
      expect((await submitLink(typed, ctx)).message).toBe(MESSAGES.closed)
    })

    it('passes an empty slug when postSlug is not a string', async () => {
      const acceptsLinks = vi.fn(() => false)
      const { ctx } = context({ acceptsLinks })
      await submitLink({ ...typed, postSlug: ['naming-tests'] }, ctx)
      expect(acceptsLinks).toHaveBeenCalledWith('')
    })

    it('is refused before the honeypot is looked at', async () => {
      const { ctx } = context({ acceptsLinks: () => false })
      const state = await submitLink({ ...typed, [HONEYPOT_FIELD]: 'http://spam' }, ctx)
      expect(state.status).toBe('error')
      expect(state.message).toBe(MESSAGES.closed)
    })
  })

  describe('the honeypot', () => {
    it.each([
      ['filled in', 'http://spam.example'],
      ['a single space', ' '],
      ['not a string', ['x']],
    ])('when %s, reports success without touching the database', async (_label, honeypot) => {
      const { ctx, database } = context()
      const state = await submitLink({ ...typed, [HONEYPOT_FIELD]: honeypot }, ctx)
      expect(state).toEqual({
        status: 'success',
        message: MESSAGES.received,
        fieldErrors: {},
        values: emptyValues,
      })
      expect(database).not.toHaveBeenCalled()
    })

    it('treats a request without the field at all as a bot', async () => {
      const { ctx, database } = context()
      const { [HONEYPOT_FIELD]: _omit, ...withoutHoneypot } = typed
      void _omit
      const state = await submitLink(withoutHoneypot, ctx)
      expect(state.status).toBe('success')
      expect(database).not.toHaveBeenCalled()
    })

    it('reports success even for invalid input, so a bot learns nothing', async () => {
      const { ctx, database } = context()
      const state = await submitLink({ [HONEYPOT_FIELD]: 'x', url: 'javascript:1' }, ctx)
      expect(state.status).toBe('success')
      expect(database).not.toHaveBeenCalled()
    })
  })

  describe('invalid input', () => {
    it('returns the field errors and echoes what was typed', async () => {
      const { ctx, database } = context()
      const input = { ...typed, url: 'javascript:alert(1)', name: 'n'.repeat(81), title: 42 }
      const state = await submitLink(input, ctx)
      expect(state).toEqual({
        status: 'error',
        message: MESSAGES.invalid,
        fieldErrors: {
          url: 'Only http and https links are accepted.',
          name: 'Your name can be at most 80 characters.',
          title: 'The title must be text.',
        },
        values: { url: 'javascript:alert(1)', title: '', name: 'n'.repeat(81), note: typed.note },
      })
      expect(database).not.toHaveBeenCalled()
    })

    it('asks for the link when it is missing', async () => {
      const { ctx } = context()
      const { url: _omit, ...noUrl } = typed
      void _omit
      const state = await submitLink(noUrl, ctx)
      expect(state.status).toBe('error')
      expect(state.fieldErrors).toEqual({ url: 'Enter the link to your story.' })
      expect(state.values.url).toBe('')
      expect(state.values.title).toBe(typed.title)
    })

    it("refuses a link to the site itself, using the context's own host", async () => {
      const { ctx } = context({ ownHost: 'example.com' })
      const state = await submitLink(typed, ctx)
      expect(state.fieldErrors.url).toMatch(/points to this blog/)
    })
  })

  describe('when the database is unavailable', () => {
    it('says so, keeps what was typed and reports the error', async () => {
      const failure = new Error('connection refused')
      const database = vi.fn(() => Promise.reject(failure))
      const onError = vi.fn()
      const { ctx } = context({ database, onError })
      const state = await submitLink(typed, ctx)
      expect(state).toEqual({
        status: 'error',
        message: MESSAGES.unavailable,
        fieldErrors: {},
        values: echoed,
      })
      expect(database).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledWith(failure)
    })

    it('does not need an onError callback', async () => {
      const { ctx } = context({ database: () => Promise.reject(new Error('down')) })
      const state = await submitLink(typed, ctx)
      expect(state.message).toBe(MESSAGES.unavailable)
    })

    it('catches a database callback that throws synchronously', async () => {
      const onError = vi.fn()
      const { ctx } = context({
        database: () => {
          throw new Error('no connection string')
        },
        onError,
      })
      const state = await submitLink(typed, ctx)
      expect(state.status).toBe('error')
      expect(state.message).toBe(MESSAGES.unavailable)
      expect(onError).toHaveBeenCalledOnce()
    })
  })
})

describe('MESSAGES.rateLimited', () => {
  it.each([
    [30, 'about 1 minute and'],
    [60, 'about 1 minute and'],
    [61, 'about 2 minutes and'],
    [600, 'about 10 minutes and'],
  ])('after %i seconds says "%s"', (seconds, text) => {
    expect(MESSAGES.rateLimited(seconds)).toContain(text)
  })
})
