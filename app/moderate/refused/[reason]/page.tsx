import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Suspense } from 'react'
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

/** `params` is read below a Suspense boundary (see app/posts/[slug]/page.tsx). */
export default function RefusedPage({ params }: PageProps<'/moderate/refused/[reason]'>) {
  return (
    <Suspense>
      <Refused params={params} />
    </Suspense>
  )
}

async function Refused({ params }: Pick<PageProps<'/moderate/refused/[reason]'>, 'params'>) {
  const { reason } = await params
  if (!isRefusal(reason)) notFound()
  return <RefusalNotice reason={reason} />
}
