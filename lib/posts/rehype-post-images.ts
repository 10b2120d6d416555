import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import { resolvePostImage } from './assets'

type Options = { slug: string; postDir: string | null; publicDir: string; file: string }

/**
 * Rewrites a post's relative image paths to their public URL and records their
 * intrinsic size at compile time, so the page can use next/image without layout shift.
 */
export function rehypePostImages(options: Options) {
  return async (tree: Root) => {
    const images: Element[] = []
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img' && typeof node.properties.src === 'string') images.push(node)
    })
    await Promise.all(
      images.map(async (node) => {
        const src = node.properties.src as string
        if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
          throw new Error(`${options.file}: images must be local files, not "${src}"`)
        }
        const image = await resolvePostImage({ ...options, src })
        node.properties.src = image.src
        node.properties.width = image.width
        node.properties.height = image.height
      }),
    )
  }
}
