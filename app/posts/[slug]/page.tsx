import type { Metadata } from 'next'
import Link from 'next/link'
import Image from 'next/image'
import { notFound } from 'next/navigation'
import { getMDXComponent } from 'mdx-bundler/client'
import { JsonLd } from '@/components/json-ld'
import { mdxComponents } from '@/components/mdx-components'
import { TagLinks } from '@/components/tag-links'
import { ReaderLinks } from '@/components/reader-links/reader-links'
import { formatDate } from '@/lib/format'
import { neighbours, readingTimeSentence } from '@/lib/posts'
import { site } from '@/lib/site'
import { siteUrl } from '@/lib/env'
import { cachedPost, cachedPosts } from '../../_lib/posts'

export async function generateStaticParams() {
  return (await cachedPosts()).map((p) => ({ slug: p.slug }))
}

export async function generateMetadata({ params }: PageProps<'/posts/[slug]'>): Promise<Metadata> {
  const { slug } = await params
  const found = await cachedPost(slug)
  if (!found) return {}
  const { post } = found
  return {
    title: post.title,
    description: post.description,
    keywords: post.tags,
    alternates: { canonical: `/posts/${post.slug}` },
    openGraph: {
      type: 'article',
      title: post.title,
      description: post.description,
      url: `/posts/${post.slug}`,
      publishedTime: post.date,
      tags: post.tags,
      authors: [site.author],
    },
    twitter: { card: 'summary_large_image', title: post.title, description: post.description },
    robots: post.draft ? { index: false } : undefined,
  }
}

export default async function PostPage({ params }: PageProps<'/posts/[slug]'>) {
  const { slug } = await params
  const found = await cachedPost(slug)
  if (!found) notFound()
  const { post, code } = found
  const { newer, older } = neighbours(await cachedPosts(), slug)
  const Content = getMDXComponent(code)
  const url = new URL(`/posts/${post.slug}`, siteUrl()).toString()

  return (
    <article>
      <JsonLd
        data={{
          '@context': 'https://schema.org',
          '@type': 'BlogPosting',
          headline: post.title,
          description: post.description,
          datePublished: post.date,
          keywords: post.tags.join(', '),
          url,
          mainEntityOfPage: url,
          image: new URL(`/posts/${post.slug}/opengraph-image`, siteUrl()).toString(),
          author: { '@type': 'Person', name: site.author },
        }}
      />
      <header>
        <h1>{post.title}</h1>
        <p className="meta">
          <time dateTime={post.date}>{formatDate(post.date)}</time>
          {post.draft ? ' · draft' : null}
        </p>
        <TagLinks tags={post.tags} />
        <p className="reading-time">{readingTimeSentence(post.minutes)}</p>
        {post.cover ? (
          <figure className="cover">
            <Image
              src={post.cover.src}
              alt={post.cover.alt}
              width={post.cover.width}
              height={post.cover.height}
              sizes="(max-width: 760px) 100vw, 720px"
              priority
            />
            <figcaption>
              <a href={post.cover.credit.url} rel="noopener">
                {post.cover.credit.title}
              </a>{' '}
              by {post.cover.credit.author}
            </figcaption>
          </figure>
        ) : null}
      </header>
      <div className="prose">
        <Content components={mdxComponents} />
      </div>
      {post.readerLinks ? <ReaderLinks slug={post.slug} /> : null}
      <nav aria-label="More posts" className="post-nav">
        <div className="newer">
          {newer ? (
            <Link href={`/posts/${newer.slug}`} rel="prev">
              <small>Newer post</small>← {newer.title}
            </Link>
          ) : null}
        </div>
        <div className="older">
          {older ? (
            <Link href={`/posts/${older.slug}`} rel="next">
              <small>Older post</small>
              {older.title} →
            </Link>
          ) : null}
        </div>
      </nav>
    </article>
  )
}
