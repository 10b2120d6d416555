import { describe, expect, it } from 'vitest'
import { linksTo, readPageMetadata } from '@/lib/links/page-metadata'

const POST = 'https://red-green-repeat.dev/posts/flaky-tests'

describe('readPageMetadata', () => {
  it('reads Open Graph and meta tags', () => {
    const page = readPageMetadata(
      `<!doctype html><html><head>
        <title>Fallback title</title>
        <meta property="og:title" content="  When the build   went red ">
        <meta name="description" content="A story of a flaky test.">
        <meta property="og:site_name" content="Ana's notes">
        <meta name="author" content="Ana">
        <meta property="article:published_time" content="2025-03-04T10:00:00Z">
      </head><body><p>No link here.</p></body></html>`,
      'https://ana.example/build-red',
    )
    expect(page).toMatchObject({
      title: 'When the build went red',
      description: 'A story of a flaky test.',
      siteName: "Ana's notes",
      author: 'Ana',
      hasEntry: false,
    })
    expect(page.publishedAt?.toISOString()).toBe('2025-03-04T10:00:00.000Z')
    expect(linksTo(page.links, POST)).toBe(false)
  })

  it('falls back to the <title> and prefers the h-entry', () => {
    const page = readPageMetadata(
      `<html><head><title>Site | Post</title><meta name="author" content="Site owner"></head>
       <body><article class="h-entry">
         <h1 class="p-name">Red, green, then red again</h1>
         <a class="p-author h-card" href="/">Bo</a>
         <time class="dt-published" datetime="2025-01-02">2 Jan</time>
         <p class="e-content">Replying to <a href="${POST}/">the post</a>.</p>
       </article></body></html>`,
      'https://bo.example/red-again',
    )
    expect(page).toMatchObject({
      title: 'Red, green, then red again',
      author: 'Bo',
      hasEntry: true,
    })
    expect(page.publishedAt?.toISOString().slice(0, 10)).toBe('2025-01-02')
    expect(linksTo(page.links, POST)).toBe(true)
  })

  it('resolves relative links against <base> and ignores fragments', () => {
    const page = readPageMetadata(
      `<html><head><base href="https://red-green-repeat.dev/posts/"></head>
       <body><a href="flaky-tests#comments">see</a> <a href="javascript:alert(1)">x</a></body></html>`,
      'https://elsewhere.example/',
    )
    expect(page.links).toEqual(['https://red-green-repeat.dev/posts/flaky-tests#comments'])
    expect(linksTo(page.links, POST)).toBe(true)
    expect(page.title).toBeNull()
  })

  it('does not count a link to another post or a text mention', () => {
    const page = readPageMetadata(
      `<p>${POST}</p><a href="${POST}-part-2">next</a><a href="https://red-green-repeat.dev/">home</a>`,
      'https://c.example/',
    )
    expect(linksTo(page.links, POST)).toBe(false)
  })

  it('keeps titles as plain, bounded text', () => {
    const page = readPageMetadata(
      `<title>${'<b>x</b>'.repeat(10)}&lt;script&gt;${'y'.repeat(300)}</title>`,
      'https://d.example/',
    )
    expect(page.title).toHaveLength(200)
    expect(page.title).toMatch(/^<b>x<\/b>/)
  })
})
