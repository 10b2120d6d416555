'use client'

import { useEffect, useRef } from 'react'
import { useQueue } from './queue-context'

/** The keys and the row button each one presses (a row lacks a button its status forbids). */
const ACTIONS: Record<string, { intent: string; label: string }> = {
  a: { intent: 'approve', label: 'Approve' },
  r: { intent: 'reject', label: 'Reject' },
  s: { intent: 'spam', label: 'Spam' },
}

/** The rows still to decide: a moved row's line ("Approved · Undo") is passed over. */
const ITEMS = 'ol.submissions > li.submission:not([data-settled])'

/** Typing in a field (or with a modifier held) is never a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true
  const target = event.target
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * Keyboard moderation for /admin: j / k move between submissions, a / r / s
 * press the current one's Approve, Reject or Spam button, as a click would,
 * and focus goes on to the next row. The row is focused, so screen readers
 * follow. The current row is remembered by id, and by position when it
 * becomes a moved row's line, so the next key carries on from there. The
 * legend is a small "Keys" disclosure, hidden on touch screens (CSS).
 */
export function QueueKeys() {
  const current = useRef<{ id: string | null; index: number }>({ id: null, index: -1 })
  const { announce } = useQueue()

  useEffect(() => {
    const items = () => [...document.querySelectorAll<HTMLElement>(ITEMS)]
    const locate = (list: HTMLElement[]) => {
      const byId = list.findIndex((el) => el.id === current.current.id)
      return byId >= 0 ? byId : Math.min(current.current.index, list.length - 1)
    }
    const select = (list: HTMLElement[], index: number) => {
      const el = list[index]
      if (!el) return
      for (const other of list) other.removeAttribute('data-current')
      el.setAttribute('data-current', 'true')
      current.current = { id: el.id, index }
      el.focus({ preventScroll: true })
      el.scrollIntoView({ block: 'nearest' })
    }
    // Opened from a link to one item (/admin#submission-42): start there.
    const fromHash = items().findIndex((el) => `#${el.id}` === window.location.hash)
    if (fromHash >= 0) select(items(), fromHash)

    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return
      const key = event.key
      if (key !== 'j' && key !== 'k' && !(key in ACTIONS)) return
      const list = items()
      if (list.length === 0) return
      event.preventDefault()
      const at = locate(list)
      if (key === 'j') return select(list, at < 0 ? 0 : Math.min(at + 1, list.length - 1))
      if (key === 'k') return select(list, at < 0 ? 0 : Math.max(at - 1, 0))
      const action = ACTIONS[key]
      const row = list[at]
      if (!action || !row) {
        announce('Press j to choose a submission first.')
        return
      }
      const button = row.querySelector<HTMLButtonElement>(
        `form.row button[name="intent"][value="${action.intent}"]`,
      )
      if (!button || button.disabled) {
        announce(`${action.label} is not possible for this submission.`)
        return
      }
      button.click()
      // On to the next row at once: the moved one becomes its line meanwhile.
      select(list, Math.min(at + 1, list.length - 1))
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [announce])

  return (
    <details className="queue-keys">
      <summary>Keys</summary>
      <ul aria-label="Keyboard shortcuts">
        <li>
          <kbd>j</kbd> next submission
        </li>
        <li>
          <kbd>k</kbd> previous submission
        </li>
        <li>
          <kbd>a</kbd> approve
        </li>
        <li>
          <kbd>r</kbd> reject
        </li>
        <li>
          <kbd>s</kbd> spam
        </li>
      </ul>
      <p className="meta">Not while typing in a field.</p>
    </details>
  )
}
