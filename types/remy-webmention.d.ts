/**
 * The part of @remy/webmention (a Webmention sender someone else wrote, used by
 * e2e/link-checks.spec.ts to send to our receiver) that the tests call. The
 * package names a declaration file it does not ship.
 */
declare module '@remy/webmention' {
  import { EventEmitter } from 'node:events'

  export type SentMention = {
    /** The HTTP status the receiving endpoint answered. */
    status: number
    error: string | null
    source: string
    target: string
    endpoint: { url: string; type: 'webmention' | 'pingback' }
  }

  export default class Webmention extends EventEmitter {
    constructor(options?: { limit?: number; send?: boolean })
    /** Fetches the source page, finds its links, discovers their endpoints (and sends, with send: true). */
    fetch(url: string): void
    on(event: 'sent', listener: (mention: SentMention) => void): this
    on(event: 'end', listener: () => void): this
    on(event: 'error', listener: (error: unknown) => void): this
    on(event: 'log', listener: (message: string) => void): this
  }
}
