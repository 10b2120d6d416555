import type { Metadata } from 'next'
import Link from 'next/link'
import { site } from '@/lib/site'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

export const metadata: Metadata = {
  title: 'About',
  description: `What ${site.title} is about and who writes it.`,
  alternates: alternatesWithFeeds('/about'),
}

export default function AboutPage() {
  return (
    <article className="prose">
      <h1>About</h1>
      <p>
        {site.title} is the notebook of a programmer who got hooked on writing the spec first: a
        failing test, the smallest change that makes it pass, a tidy-up, and around again. The posts
        are about that loop and everything it touches, from naming tests to running a real database
        in CI.
      </p>
      <p>
        A good share of the posts are about things that went wrong. Failures teach more than
        successes, but only if somebody writes them down. If you have written about one of yours,
        the post <Link href="/posts/writing-about-failures">on writing about failures</Link> has a
        form for sending the link, and the ones I have read are collected under{' '}
        <Link href="/links">Readers’ stories</Link>.
      </p>
      <p>
        You can follow along with the <a href="/feed.xml">RSS feed</a>.
      </p>
    </article>
  )
}
