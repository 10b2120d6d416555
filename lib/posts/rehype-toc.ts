import type { Element, ElementContent, Root } from 'hast'
import { visit } from 'unist-util-visit'

/** A post gets a table of contents from this many headings (h2 and h3) on. */
export const TOC_MIN_HEADINGS = 4

type Options = { enabled: boolean }

type Entry = { id: string; children: ElementContent[]; sub: Entry[] }

const element = (
  tagName: string,
  properties: Element['properties'],
  children: ElementContent[],
): Element => ({ type: 'element', tagName, properties, children })

/** The heading's own content (inline code and emphasis stay), without ids or links. */
function entryContent(heading: Element): ElementContent[] {
  const strip = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return [structuredClone(node)]
      if (node.tagName === 'a') return strip(node.children)
      const { id: _id, ...properties } = node.properties
      return [element(node.tagName, properties, strip(node.children))]
    })
  return strip(heading.children)
}

function list(entries: Entry[]): Element {
  return element(
    'ol',
    {},
    entries.map((entry) =>
      element('li', {}, [
        element('a', { href: `#${entry.id}` }, entry.children),
        ...(entry.sub.length > 0 ? [list(entry.sub)] : []),
      ]),
    ),
  )
}

/**
 * A table of contents before the first section of a post with at least TOC_MIN_HEADINGS
 * section headings: plain links to the headings' ids, no JavaScript. Runs after
 * rehype-slug (it needs the ids) and before the heading anchors are appended.
 * An h3 nests under the h2 before it. `toc: false` in the frontmatter turns it off.
 */
export function rehypeToc(options: Options) {
  return (tree: Root) => {
    if (!options.enabled) return
    const headings: Element[] = []
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string')
        headings.push(node)
    })
    if (headings.length < TOC_MIN_HEADINGS) return

    const top: Entry[] = []
    for (const heading of headings) {
      const entry: Entry = { id: String(heading.properties.id), children: entryContent(heading), sub: [] }
      const parent = top.at(-1)
      if (heading.tagName === 'h3' && parent) parent.sub.push(entry)
      else top.push(entry)
    }
    // After the opening paragraphs, just before the first section: the post
    // still starts with its own words, on a phone too.
    const first = tree.children.indexOf(headings[0] as Element)
    tree.children.splice(
      Math.max(first, 0),
      0,
      // Labelled, not headed: a heading here would join the outline it lists.
      element('nav', { className: ['toc'], ariaLabel: 'Contents' }, [
        element('p', { className: ['toc-title'] }, [
          { type: 'text', value: 'Contents' },
        ]),
        list(top),
      ]),
    )
  }
}
