import type { ComponentPropsWithoutRef } from 'react'
import { Callout } from './callout'
import { PostFigure } from './code-block'
import { PostImage as OptimisedImage } from './post-image'

function PostImage({ src, alt, width, height }: ComponentPropsWithoutRef<'img'>) {
  if (typeof src !== 'string' || !width || !height) {
    throw new Error(`Post image ${String(src)} has no size: it must be a local file`)
  }
  return <OptimisedImage src={src} alt={alt ?? ''} width={Number(width)} height={Number(height)} />
}

function PostLink({ href = '', ...props }: ComponentPropsWithoutRef<'a'>) {
  const external = /^https?:\/\//.test(href)
  return <a href={href} {...props} {...(external ? { rel: 'noopener' } : {})} />
}

/** The components a post's MDX may use, and the elements we render our own way. */
export const mdxComponents = { Callout, img: PostImage, a: PostLink, figure: PostFigure }
