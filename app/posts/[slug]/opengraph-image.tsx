import { notFound } from 'next/navigation'
import { ImageResponse } from 'next/og'
import { site } from '@/lib/site'
import { cachedPostSummary, cachedPosts } from '@/app/_lib/posts'

export const alt = 'The title of the post on the Red Green Repeat card'
export const size = { width: 1200, height: 630 }
export const contentType = 'image/png'

export async function generateStaticParams() {
  return (await cachedPosts()).map((p) => ({ slug: p.slug }))
}

export default async function OpenGraphImage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const found = await cachedPostSummary(slug)
  // No card for a post that does not exist: a 404, not a generic image.
  if (!found) notFound()
  const title = found.title
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        padding: 72,
        background: '#15171a',
        color: '#e8e6e1',
      }}
    >
      <div style={{ display: 'flex', gap: 16 }}>
        <div style={{ width: 48, height: 48, borderRadius: 24, background: '#e5484d' }} />
        <div style={{ width: 48, height: 48, borderRadius: 24, background: '#30a46c' }} />
      </div>
      <div style={{ fontSize: 68, fontWeight: 700, lineHeight: 1.15 }}>{title}</div>
      <div style={{ fontSize: 30, color: '#a9adb4' }}>
        {`${site.title}: ${site.subtitle}`}
      </div>
    </div>,
    size,
  )
}
