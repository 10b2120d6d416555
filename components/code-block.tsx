import type { ComponentPropsWithoutRef } from 'react'

/**
 * A figure in a post. A code block (lib/posts/rehype-code-blocks.ts marked it
 * and wrote its language bar) gets a copy button and the small script that
 * makes it work, /code-copy.js. React loads a `<script async>` once however
 * many blocks render it, and only on the pages that render it: a post without
 * code ships no script of ours. The button is hidden where scripting is off.
 */
export function PostFigure(props: ComponentPropsWithoutRef<'figure'>) {
  if (!('data-rehype-pretty-code-figure' in props)) return <figure {...props} />
  const { children, ...rest } = props
  return (
    <figure {...rest}>
      {children}
      <button type="button" className="code-copy">
        <span>Copy</span>
      </button>
      <script async src="/code-copy.js" />
    </figure>
  )
}
