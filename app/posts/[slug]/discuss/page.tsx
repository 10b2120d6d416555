import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { siteUrl } from '@/lib/env'
import { PostArticle } from '@/components/post/post-article'
import { ReaderLinks } from '@/app/posts/[slug]/discuss/_components/reader-links'
import { cachedPosts } from '@/app/_lib/posts'
import { routeTable } from '@/lib/posts/routes'
import { site } from '@/lib/site'
import { loadPostPage, postMetadata } from '../post-data'

/**
 * A post with the reader-link form, reached at /posts/<slug> through a rewrite.
 *
 * Rendered per request from cached parts (the compiled post and the approved
 * links), not partially prerendered: with a static shell, a form posted without
 * JavaScript got back only the dynamic part of the page, and the readers'
 * stories streamed in behind a script that such a browser never runs.
 */
export const instant = false

export async function generateStaticParams() {
  const { readerLinkSlugs } = routeTable(await cachedPosts(), site.postsPerPage)
  const slugs = readerLinkSlugs.map((slug) => ({ slug }))
  // Cache Components wants at least one param to validate the route; a post
  // without reader links renders the 404 below.
  return slugs.length > 0 ? slugs : [{ slug: 'no-reader-links' }]
}

export async function generateMetadata({
  params,
}: PageProps<'/posts/[slug]/discuss'>): Promise<Metadata> {
  return postMetadata((await params).slug)
}

export default async function PostWithReaderLinksPage({
  params,
}: PageProps<'/posts/[slug]/discuss'>) {
  await connection()
  const page = await loadPostPage((await params).slug)
  if (!page || !page.post.readerLinks) notFound()
  return (
    <PostArticle post={page.post} code={page.code} newer={page.newer} older={page.older}>
      {/* Webmention discovery; React hoists it into <head>. */}
      <link rel="webmention" href={new URL("/webmention", siteUrl()).href} />
      <ReaderLinks slug={page.post.slug} />
    </PostArticle>
  )
}
