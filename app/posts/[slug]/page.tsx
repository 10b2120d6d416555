import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { PostArticle } from '@/components/post/post-article'
import { routeTable } from '@/lib/posts/routes'
import { site } from '@/lib/site'
import { cachedPosts } from '@/app/_lib/posts'
import { loadPostPage, postMetadata } from './post-data'

/**
 * Posts without the reader-link form. Posts with `readerLinks: true` are served
 * at the same address by ./discuss (next.config.mjs rewrites them), so the
 * form's JavaScript is referenced only by the posts that show it.
 */
export async function generateStaticParams() {
  const { slugs, readerLinkSlugs } = routeTable(await cachedPosts(), site.postsPerPage)
  return slugs.filter((slug) => !readerLinkSlugs.includes(slug)).map((slug) => ({ slug }))
}

export async function generateMetadata({ params }: PageProps<'/posts/[slug]'>): Promise<Metadata> {
  return postMetadata((await params).slug)
}

/**
 * The post is rendered whole, with no Suspense boundary around it, and may
 * block a navigation until its prefetch arrives (`instant = false`). Below a
 * boundary (the usual way to read `params`, so that Partial Prefetching's one
 * App Shell does not depend on the slug), React wrote a long post (a few with
 * many code blocks) into the prerendered HTML as a hidden part that only a
 * script reveals: without JavaScript the page showed no post at all.
 * `ensureStatic` keeps it what it is: every post prerendered at build, served
 * as a static file, nothing rendered per request.
 */
export const instant = false
export const ensureStatic = 'navigation'

export default async function PostPage({ params }: PageProps<'/posts/[slug]'>) {
  const page = await loadPostPage((await params).slug)
  if (!page) notFound()
  return <PostArticle post={page.post} code={page.code} newer={page.newer} older={page.older} />
}
