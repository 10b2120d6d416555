import { revalidateTag } from 'next/cache'
import { setPublicListListener } from '@/lib/visibility/events'
import { setPublicListReader } from '@/lib/webmention/send/config'
import { cachedApprovedLinks, readerLinksTags } from './reader-links'

/**
 * When a link check or a Webmention changes what a public list shows (outside
 * a moderation action), expire the lists' cache entries at once so the next
 * view reads the database. Installed by every edge that runs such work.
 */
export function installPublicListInvalidation(): void {
  setPublicListListener((slugs) => {
    for (const slug of slugs) revalidateTag(readerLinksTags.post(slug), { expire: 0 })
    revalidateTag(readerLinksTags.all, { expire: 0 })
  })
}

/**
 * A Webmention about a reader's link goes out once the post's cached list (the
 * one its page renders) agrees with the change: the send job reads it here.
 */
export function installPublicListReader(): void {
  setPublicListReader(cachedApprovedLinks)
}
