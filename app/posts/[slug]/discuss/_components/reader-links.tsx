import { headers } from 'next/headers'
import { cachedApprovedLinks } from '@/app/_lib/reader-links'
import { FLASH_HEADER, decodeFlash } from '@/lib/submissions/flash'
import { LinkForm } from './link-form'
import { StoryList } from '@/components/reader-links/story-list'

async function ApprovedStories({ slug }: { slug: string }) {
  // The post must keep working while the database is down: only this list says so.
  const links = await cachedApprovedLinks(slug).catch((error: unknown) => {
    console.error('reader links unavailable:', error)
    return null
  })
  if (!links) {
    return (
      <p className="meta">Readers’ stories cannot be shown right now. Please check back soon.</p>
    )
  }
  return <StoryList links={links} />
}

/**
 * Rendered at request time by the page that includes it (see
 * app/posts/[slug]/discuss/page.tsx), so `next build` needs no database.
 */
export async function ReaderLinks({ slug }: { slug: string }) {
  // The answer to a form posted without JavaScript (app/_actions/submit-link.ts),
  // handed over once by proxy.ts. Untrusted like any request data: decodeFlash
  // validates it, React renders it as text, and it only ever reaches this response.
  const answer = decodeFlash((await headers()).get(FLASH_HEADER) ?? undefined)
  return (
    <section id="send-link" className="reader-links" aria-labelledby="send-link-heading">
      <h2 id="send-link-heading">Send me your story</h2>
      <p>
        Have you written about one of your own failures? Send me the link. Every link is read by the
        author before it appears below.
      </p>
      <LinkForm slug={slug} answer={answer} />
      <h2 id="readers-stories">Readers’ stories</h2>
      <ApprovedStories slug={slug} />
    </section>
  )
}
