'use client'

import { useState } from 'react'

/**
 * The copy button of a code block (components/code-block.tsx). Its only
 * JavaScript: a page without code never loads it, and it reads the code from
 * the page rather than carrying a second copy of it. Hidden where scripting is
 * off (globals.css), since it cannot work there.
 */
export function CopyCodeButton() {
  const [label, setLabel] = useState('Copy')
  return (
    <button
      type="button"
      className="code-copy"
      onClick={async (event) => {
        const code = event.currentTarget.parentElement?.querySelector('pre code')
        if (!code) return
        try {
          await navigator.clipboard.writeText(code.textContent ?? '')
          setLabel('Copied')
        } catch {
          // No clipboard (an insecure origin, a refused permission): select the
          // code so the reader's own copy shortcut takes it.
          getSelection()?.selectAllChildren(code)
          setLabel('Selected')
        }
        setTimeout(() => setLabel('Copy'), 2000)
      }}
    >
      <span aria-live="polite">{label}</span>
    </button>
  )
}
