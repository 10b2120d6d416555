import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Suspense } from 'react'
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
 * `params` is URL data: it is read below a Suspense boundary. With Partial
 * Prefetching one App Shell serves every link to /posts/[slug], so it must not
 * depend on the slug (read above the boundary, `next dev` reports "encountered
 * URL data during prerendering"). Each post is still prerendered whole at build:
 * generateStaticParams names its slug, so the boundary resolves in the prerender
 * and the static HTML holds the complete post.
 */
export default function PostPage({ params }: PageProps<'/posts/[slug]'>) {
  return (
    <Suspense>
      <Post params={params} />
    </Suspense>
  )
}

async function Post({ params }: Pick<PageProps<'/posts/[slug]'>, 'params'>) {
  const page = await loadPostPage((await params).slug)
  if (!page) notFound()
  return <PostArticle post={page.post} code={page.code} newer={page.newer} older={page.older} />
}
