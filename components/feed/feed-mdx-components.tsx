import type { ComponentPropsWithoutRef, ReactNode } from 'react'

const labels = { note: 'Note', tip: 'Tip', warning: 'Warning' } as const

/** A callout without our stylesheet: a quoted block whose label says what it is. */
function FeedCallout({ type = 'note', children }: { type?: string; children: ReactNode }) {
  const label = labels[type as keyof typeof labels] ?? labels.note
  return (
    <blockquote>
      <p>
        <strong>{label}:</strong>
      </p>
      {children}
    </blockquote>
  )
}

/** The original image file: a feed reader fetches it once, with no optimiser in between. */
function FeedImage({ src, alt, width, height }: ComponentPropsWithoutRef<'img'>) {
  // eslint-disable-next-line @next/next/no-img-element -- feed HTML, not a page
  return <img src={src} alt={alt ?? ''} width={width} height={height} />
}

/**
 * The components a post's MDX uses, as a feed renders them: the same content,
 * with nothing that needs our stylesheet or next/image.
 */
export const feedMdxComponents = { Callout: FeedCallout, img: FeedImage }
