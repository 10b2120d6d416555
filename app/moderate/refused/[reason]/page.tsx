import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import type { Refusal } from '@/lib/notify/one-click'
import { REFUSAL_TEXT } from '@/lib/notify/one-click-text'
import { RefusalNotice } from '../../_components/refusal-notice'

export const metadata: Metadata = {
  title: 'One-click moderation',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
}

const isRefusal = (reason: string): reason is Refusal => Object.hasOwn(REFUSAL_TEXT, reason)

/**
 * The page of a one-click link refused from its token alone (malformed,
 * forged, for another action, expired, no secret configured): a page of the
 * site like any other (header, stylesheet, dark mode), prerendered at build for
 * every reason, so it needs no database. proxy.ts sends it as the answer to
 * the refused link, with the refusal's 4xx status (lib/notify/refusal-page.ts);
 * its own address is never reached, since the proxy answers every
 * /moderate/<action>/<token> first. Links refused by what the database holds
 * (used, deleted, moderated since) are answered by the link's own page.
 */
export function generateStaticParams() {
  return Object.keys(REFUSAL_TEXT).map((reason) => ({ reason }))
}

/** Whole, like a post (app/posts/[slug]/page.tsx): readable without JavaScript, always static. */
export const instant = false
export const ensureStatic = 'navigation'

export default async function RefusedPage({ params }: PageProps<'/moderate/refused/[reason]'>) {
  const { reason } = await params
  if (!isRefusal(reason)) notFound()
  return <RefusalNotice reason={reason} />
}
