import Link from 'next/link'
import type { ReactNode } from 'react'
import { JsonLd } from '@/components/json-ld'
import { MdxContent } from '@/components/mdx-content'
import { PostImage } from '@/components/post-image'
import { TagLinks } from '@/components/tag-links'
import { siteUrl } from '@/lib/env'
import { formatDate } from '@/lib/format'
import { readingTimeSentence, type PostSummary } from '@/lib/posts'
import { site } from '@/lib/site'

type Neighbour = Pick<PostSummary, 'slug' | 'title'> | undefined

/** A whole post; `children` goes between the text and the links to other posts. */
export function PostArticle({
  post,
  code,
  newer,
  older,
  children,
}: {
  post: PostSummary
  code: string
  newer: Neighbour
  older: Neighbour
  children?: ReactNode
}) {
  const url = new URL(`/posts/${post.slug}`, siteUrl()).toString()
  // Microformats (h-entry): a Webmention receiver reads the post's title, date and
  // text from them, and lib/webmention/send takes the links to announce from e-content.
  return (
    <article className="h-entry">
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
        <h1 className="p-name">{post.title}</h1>
        <p className="meta">
          <time className="dt-published" dateTime={post.date}>
            {formatDate(post.date)}
          </time>
          {post.draft ? ' · draft' : null}
        </p>
        <TagLinks tags={post.tags} />
        <p className="reading-time">{readingTimeSentence(post.minutes)}</p>
        {post.cover ? (
          <figure className="cover">
            <PostImage
              src={post.cover.src}
              alt={post.cover.alt}
              width={post.cover.width}
              height={post.cover.height}
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
      <div className="prose e-content">
        <MdxContent code={code} />
      </div>
      {children}
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
