import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Suspense } from 'react'
import { PostList } from '@/components/post-list'
import { postsWithTag } from '@/lib/posts'
import { routeTable } from '@/lib/posts/routes'
import { site } from '@/lib/site'
import { cachedPosts } from '@/app/_lib/posts'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

export async function generateStaticParams() {
  return routeTable(await cachedPosts(), site.postsPerPage).tags.map((tag) => ({ tag }))
}

export async function generateMetadata({ params }: PageProps<'/tags/[tag]'>): Promise<Metadata> {
  const { tag } = await params
  return {
    title: `Posts tagged #${tag}`,
    description: `Every post on the blog tagged ${tag}.`,
    alternates: alternatesWithFeeds(`/tags/${tag}`),
  }
}

/** `params` is read below a Suspense boundary: see app/posts/[slug]/page.tsx. */
export default function TagPage({ params }: PageProps<'/tags/[tag]'>) {
  return (
    <Suspense>
      <Tag params={params} />
    </Suspense>
  )
}

async function Tag({ params }: Pick<PageProps<'/tags/[tag]'>, 'params'>) {
  const { tag } = await params
  const posts = postsWithTag(await cachedPosts(), tag)
  if (posts.length === 0) notFound()
  return (
    <>
      <h1>Posts tagged #{tag}</h1>
      <PostList posts={posts} />
    </>
  )
}
