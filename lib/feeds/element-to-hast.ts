import type { ElementContent, Properties } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { h } from 'hastscript'
import type { ReactNode } from 'react'

/**
 * Turns a tree of React elements made of host elements and plain function
 * components (what a compiled post renders) into a hast tree, so a feed can
 * carry the same HTML as the page.
 *
 * Why not react-dom/server: route handlers run under the react-server
 * condition, where react-dom/server refuses to load. Posts use no hooks,
 * context or client components, so calling the components is enough; anything
 * else throws rather than renders wrongly.
 */
export async function elementToHast(node: ReactNode): Promise<ElementContent[]> {
  if (node === null || node === undefined || typeof node === 'boolean') return []
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') {
    return [{ type: 'text', value: String(node) }]
  }
  if (isIterable(node)) {
    const parts = []
    for (const child of node) parts.push(...(await elementToHast(child as ReactNode)))
    return parts
  }
  if (isPromise(node)) return elementToHast(await node)
  if (!isElement(node)) throw new Error(`Cannot render ${describe(node)} in a feed`)

  const { type, props } = node as AnyElement
  if (type === FRAGMENT) return elementToHast(props.children as ReactNode)
  if (typeof type === 'function') {
    if (type.prototype?.isReactComponent) throw new Error('Class components are not supported')
    return elementToHast((await (type as (p: unknown) => ReactNode)(props)) as ReactNode)
  }
  if (typeof type !== 'string') throw new Error(`Cannot render ${describe(type)} in a feed`)

  const { children, dangerouslySetInnerHTML, ...rest } = props
  const inner =
    dangerouslySetInnerHTML && typeof dangerouslySetInnerHTML === 'object'
      ? (fromHtml(String((dangerouslySetInnerHTML as { __html: unknown }).__html), {
          fragment: true,
        }).children as ElementContent[])
      : await elementToHast(children as ReactNode)
  const element = h(type, toProperties(rest))
  element.children = inner
  return [element]
}

const FRAGMENT = Symbol.for('react.fragment')
const ELEMENT_TYPES = new Set([
  Symbol.for('react.transitional.element'),
  Symbol.for('react.element'),
])
/** Props React handles itself, never attributes. */
const REACT_ONLY = new Set([
  'key',
  'ref',
  'suppressHydrationWarning',
  'suppressContentEditableWarning',
])
/** React's uncontrolled-form props name the HTML attribute they set. */
const RENAMED: Record<string, string> = { defaultValue: 'value', defaultChecked: 'checked' }
const UNITLESS = new Set(['lineHeight', 'fontWeight', 'opacity', 'zIndex', 'flex', 'order', 'zoom'])

type AnyElement = { $$typeof: symbol; type: unknown; props: Record<string, unknown> }

function isElement(node: unknown): node is AnyElement {
  return (
    typeof node === 'object' &&
    node !== null &&
    ELEMENT_TYPES.has((node as { $$typeof?: symbol }).$$typeof as symbol)
  )
}

function isIterable(node: unknown): node is Iterable<unknown> {
  return typeof node === 'object' && node !== null && Symbol.iterator in node
}

function isPromise(node: unknown): node is PromiseLike<ReactNode> {
  return typeof (node as { then?: unknown } | null)?.then === 'function'
}

function describe(value: unknown): string {
  if (typeof value === 'symbol') return value.toString()
  if (typeof value === 'object' && value !== null) {
    const tag = (value as { $$typeof?: symbol }).$$typeof
    return tag ? tag.toString() : 'an object'
  }
  return typeof value
}

function styleString(style: Record<string, unknown>): string {
  return Object.entries(style)
    .filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '')
    .map(([key, v]) => {
      const name = key.startsWith('--') ? key : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
      const value = typeof v === 'number' && v !== 0 && !UNITLESS.has(key) ? `${v}px` : String(v)
      return `${name}:${value}`
    })
    .join(';')
}

function toProperties(props: Record<string, unknown>): Properties {
  const out: Properties = {}
  for (const [key, value] of Object.entries(props)) {
    if (REACT_ONLY.has(key) || value === undefined || value === null) continue
    // Event handlers and other functions never become markup.
    if (typeof value === 'function' || typeof value === 'symbol') continue
    if (key === 'style' && typeof value === 'object') {
      const css = styleString(value as Record<string, unknown>)
      if (css) out.style = css
      continue
    }
    if (typeof value === 'object') continue
    out[RENAMED[key] ?? key] = value as string | number | boolean
  }
  return out
}
