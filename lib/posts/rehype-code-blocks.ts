import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'

/** How a fence's language is named to a reader; anything else shows as written. */
const LANGUAGE_NAMES: Record<string, string> = {
  bash: 'Shell',
  css: 'CSS',
  diff: 'Diff',
  html: 'HTML',
  js: 'JavaScript',
  javascript: 'JavaScript',
  json: 'JSON',
  jsx: 'JSX',
  md: 'Markdown',
  mdx: 'MDX',
  plaintext: 'Text',
  sh: 'Shell',
  shell: 'Shell',
  sql: 'SQL',
  text: 'Text',
  ts: 'TypeScript',
  tsx: 'TSX',
  txt: 'Text',
  typescript: 'TypeScript',
  yaml: 'YAML',
  yml: 'YAML',
}

export function languageLabel(language: string): string {
  return LANGUAGE_NAMES[language.toLowerCase()] ?? language
}

const property = (el: Element, name: string): unknown =>
  el.properties[name] ?? el.properties[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]

/** A code block as rehype-pretty-code leaves it: a figure holding a highlighted <pre>. */
export function isCodeFigure(el: Element): boolean {
  return el.tagName === 'figure' && property(el, 'data-rehype-pretty-code-figure') !== undefined
}

/**
 * Runs after rehype-pretty-code: each code block gets a bar naming its language
 * ("TypeScript"), as text in the page, so it also reads in a feed. The page adds
 * its copy button to the same bar (components/code-block.tsx); marking the
 * figure lets it find the blocks without parsing class names.
 */
export function rehypeCodeBlocks() {
  return (tree: Root) => {
    visit(tree, 'element', (figure: Element) => {
      if (!isCodeFigure(figure)) return
      const pre = figure.children.find(
        (c): c is Element => c.type === 'element' && c.tagName === 'pre',
      )
      if (!pre) return
      const language = String(property(pre, 'data-language') ?? 'plaintext')
      figure.properties.className = ['code-block']
      figure.children.unshift({
        type: 'element',
        tagName: 'div',
        properties: { className: ['code-bar'] },
        children: [
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['code-language'] },
            children: [{ type: 'text', value: languageLabel(language) }],
          },
        ],
      })
      return 'skip'
    })
  }
}
