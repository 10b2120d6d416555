import { createElement, Fragment } from 'react'
import { describe, expect, it } from 'vitest'
import { elementToHast } from '@/lib/feeds/element-to-hast'
import {
  absoluteUrl,
  FEED_CODE_THEME,
  feedHtml,
  feedHtmlFromTree,
  inlineThemeStyle,
} from '@/lib/feeds/feed-html'

const base = new URL('https://blog.example.com/posts/a-post')
const opts = { base, theme: FEED_CODE_THEME }

describe('absoluteUrl', () => {
  it('resolves root-relative, relative and fragment URLs against the page', () => {
    expect(absoluteUrl('/post-assets/a/b.png', base)).toBe(
      'https://blog.example.com/post-assets/a/b.png',
    )
    expect(absoluteUrl('other-post', base)).toBe('https://blog.example.com/posts/other-post')
    expect(absoluteUrl('#a-heading', base)).toBe('https://blog.example.com/posts/a-post#a-heading')
    expect(absoluteUrl('https://elsewhere.example/x?y=1', base)).toBe(
      'https://elsewhere.example/x?y=1',
    )
  })

  it('refuses schemes a feed should never link to', () => {
    expect(absoluteUrl('javascript:alert(1)', base)).toBeNull()
    expect(absoluteUrl(' JavaScript:alert(1)', base)).toBeNull()
    expect(absoluteUrl('data:text/html,<b>x</b>', base)).toBeNull()
    expect(absoluteUrl('mailto:me@example.com', base)).toBe('mailto:me@example.com')
  })
})

describe('inlineThemeStyle', () => {
  it("turns the light theme's shiki variables into plain declarations", () => {
    expect(inlineThemeStyle('--shiki-light:#953800;--shiki-dark:#FFA657', 'light')).toBe(
      'color:#953800',
    )
    expect(
      inlineThemeStyle(
        '--shiki-light:#0A3069;--shiki-light-font-style:italic;--shiki-dark:#fff;--shiki-light-bg:#fff',
        'light',
      ),
    ).toBe('color:#0A3069;font-style:italic;background-color:#fff')
  })

  it('keeps ordinary declarations and drops other custom properties and var() uses', () => {
    expect(inlineThemeStyle('display:grid; --x: 1; color: var(--x); margin:0', 'light')).toBe(
      'display:grid;margin:0',
    )
    expect(inlineThemeStyle('--shiki-dark:#fff', 'light')).toBe('')
  })
})

describe('feedHtml', () => {
  const highlighted =
    '<figure data-rehype-pretty-code-figure=""><pre tabindex="0" data-language="ts" data-theme="github-light-default github-dark-default">' +
    '<code data-language="ts" style="display:grid"><span data-line=""><span style="--shiki-light:#CF222E;--shiki-dark:#FF7B72">const</span>' +
    '<span style="--shiki-light:#1F2328;--shiki-dark:#E6EDF3"> x = 1 &lt; 2</span></span></code></pre></figure>'

  it('colours each token inline with one theme and gives the block its colours', () => {
    const html = feedHtml(highlighted, opts)
    expect(html).toContain('<span style="color:#CF222E">const</span>')
    expect(html).toContain('<span style="color:#1F2328"> x = 1 &#x3C; 2</span>')
    expect(html).toMatch(/<pre style="color:#1f2328;background-color:#ffffff;[^"]*">/)
    expect(html).not.toContain('--shiki')
    expect(html).not.toContain('data-')
    expect(html).not.toContain('tabindex')
  })

  it('makes links and images absolute, including srcset', () => {
    const html = feedHtml(
      '<p><a href="/posts/other">other</a> <a href="#h">here</a>' +
        '<img src="/post-assets/a/x.png" srcset="/a.png 1x, /b.png 2x" alt="x"></p>',
      opts,
    )
    expect(html).toContain('href="https://blog.example.com/posts/other"')
    expect(html).toContain('href="https://blog.example.com/posts/a-post#h"')
    expect(html).toContain('src="https://blog.example.com/post-assets/a/x.png"')
    expect(html).toContain(
      'srcset="https://blog.example.com/a.png 1x, https://blog.example.com/b.png 2x"',
    )
    expect(html).not.toMatch(/(href|src)="\//)
  })

  it('drops scripts, styles, preloads, event handlers, javascript: links and heading anchors', () => {
    const html = feedHtml(
      '<link rel="preload" as="image" href="/x.png"><script>alert(1)</script><style>p{}</style>' +
        '<h2 id="h">Title<a class="heading-anchor" href="#h">#</a></h2>' +
        '<p onclick="alert(1)"><a href="javascript:alert(1)">bad</a></p>',
      opts,
    )
    expect(html).toBe('<h2 id="h">Title</h2><p><a>bad</a></p>')
  })
})

describe('feedHtml and the reader aids of a page', () => {
  it("drops the table of contents; keeps a code block's language label, not its classes", () => {
    const html = feedHtml(
      '<nav class="toc" aria-label="Contents"><p>Contents</p><ol><li><a href="#a">A</a></li></ol></nav>' +
        '<figure class="code-block"><div class="code-bar"><span class="code-language">TypeScript</span></div>' +
        '<pre><code>x</code></pre></figure>',
      opts,
    )
    expect(html).toBe(
      '<figure><div><span>TypeScript</span></div><pre><code>x</code></pre></figure>',
    )
  })
})

describe('elementToHast', () => {
  it('renders host elements and function components like the page does', async () => {
    const Callout = ({ children }: { children: string }) =>
      createElement('blockquote', { className: 'callout' }, createElement('p', null, children))
    const tree = createElement(
      Fragment,
      null,
      createElement('h2', { id: 'a', 'aria-label': 'A' }, 'A ', 1, null, false),
      createElement(Callout, null, 'Mind the <gap> & the rest'),
      [createElement('span', { key: 'k', style: { '--shiki-light': '#123456', marginTop: 4 } })],
      createElement('img', { src: '/i.png', alt: '', width: 10, height: 5, onClick: () => {} }),
    )
    const html = feedHtmlFromTree(await elementToHast(tree), opts)
    expect(html).toBe(
      '<h2 id="a" aria-label="A">A 1</h2>' +
        '<blockquote class="callout"><p>Mind the &#x3C;gap> &#x26; the rest</p></blockquote>' +
        '<span style="color:#123456;margin-top:4px"></span>' +
        '<img src="https://blog.example.com/i.png" alt="" width="10" height="5">',
    )
  })

  it('awaits async components', async () => {
    const Later = async () => createElement('em', null, 'done')
    expect(feedHtmlFromTree(await elementToHast(createElement(Later)), opts)).toBe('<em>done</em>')
  })

  it('refuses what it cannot render faithfully instead of guessing', async () => {
    const context = { $$typeof: Symbol.for('react.context') }
    await expect(elementToHast(createElement(context as never, null, 'x'))).rejects.toThrow(
      /Cannot render/,
    )
  })
})
