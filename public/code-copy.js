// The copy buttons of code blocks (components/code-block.tsx), loaded only by
// pages with code. Plain script, not a React component: it only listens, and
// changes nothing React rendered but one attribute, so it may run before or
// after hydration. Its size is budgeted (npm run bench:js).
;(() => {
  let status
  const say = (text) => {
    if (!status) {
      status = document.createElement('div')
      status.setAttribute('role', 'status')
      status.className = 'visually-hidden'
      document.body.append(status)
    }
    status.textContent = text
  }
  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element && event.target.closest('.code-copy')
    const code = button && button.closest('figure')?.querySelector('pre code')
    if (!code) return
    try {
      await navigator.clipboard.writeText(code.textContent)
      button.dataset.copied = ''
      say('Copied the code')
    } catch {
      // No clipboard here (insecure origin, permission refused): select the
      // code, so the reader's own shortcut copies it.
      getSelection()?.selectAllChildren(code)
      say('Selected the code: copy it with your keyboard')
    }
    setTimeout(() => delete button.dataset.copied, 2000)
  })
})()
