import { getMDXComponent } from 'mdx-bundler/client'
import type { PostSummary } from '@/lib/posts'
import { feedMdxComponents } from './feed-mdx-components'

/**
 * A post as a feed carries it: the cover with its credit, then the body from the
 * same compiled MDX as the page. Not a Server Component tree to stream: it is
 * turned into HTML by lib/feeds/element-to-hast.ts.
 */
export function PostFeedBody({ post, code }: { post: PostSummary; code: string }) {
  const Body = getMDXComponent(code)
  return (
    <>
      {post.cover ? (
        <figure>
          {/* eslint-disable-next-line @next/next/no-img-element -- feed HTML, not a page */}
          <img
            src={post.cover.src}
            alt={post.cover.alt}
            width={post.cover.width}
            height={post.cover.height}
          />
          <figcaption>
            <a href={post.cover.credit.url}>{post.cover.credit.title}</a> by{' '}
            {post.cover.credit.author}
          </figcaption>
        </figure>
      ) : null}
      {Body({ components: feedMdxComponents })}
    </>
  )
}
