import type { ComponentPropsWithoutRef } from 'react'
import { CopyCodeButton } from './copy-code-button'

/**
 * A figure in a post. Code blocks (marked at compile time by
 * lib/posts/rehype-code-blocks.ts, which also writes their language bar) get a
 * copy button; the button is the only client component a post can render, so
 * its chunk is loaded by the pages that have code and by no others.
 */
export function PostFigure(props: ComponentPropsWithoutRef<'figure'>) {
  const isCode = 'data-rehype-pretty-code-figure' in props
  if (!isCode) return <figure {...props} />
  const { children, ...rest } = props
  return (
    <figure {...rest}>
      {children}
      <CopyCodeButton />
    </figure>
  )
}
