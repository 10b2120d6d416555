import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Suspense } from 'react'
import { Pagination } from '@/components/pagination'
import { PostList } from '@/components/post-list'
import { paginate } from '@/lib/posts'
import { routeTable } from '@/lib/posts/routes'
import { site } from '@/lib/site'
import { cachedPosts } from '@/app/_lib/posts'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

export async function generateStaticParams() {
  const { pageCount } = routeTable(await cachedPosts(), site.postsPerPage)
  return Array.from({ length: pageCount }, (_, i) => ({ page: String(i + 1) }))
}

export async function generateMetadata({ params }: PageProps<'/page/[page]'>): Promise<Metadata> {
  const { page } = await params
  return {
    title: `Posts, page ${page}`,
    alternates: alternatesWithFeeds(page === '1' ? '/' : `/page/${page}`),
  }
}

/** `params` is read below a Suspense boundary: see app/posts/[slug]/page.tsx. */
export default function PostsPage({ params }: PageProps<'/page/[page]'>) {
  return (
    <Suspense>
      <Posts params={params} />
    </Suspense>
  )
}

async function Posts({ params }: Pick<PageProps<'/page/[page]'>, 'params'>) {
  const { page: raw } = await params
  const number = /^\d+$/.test(raw) ? Number(raw) : NaN
  const page = paginate(await cachedPosts(), number, site.postsPerPage)
  if (!page) notFound()
  return (
    <>
      <h1>
        Posts, page {page.page} of {page.totalPages}
      </h1>
      <PostList posts={page.items} />
      <Pagination page={page.page} totalPages={page.totalPages} />
    </>
  )
}
