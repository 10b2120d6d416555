import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { CODE_POST, FORM_POST } from './posts'

/** The Nu Html Checker's jar, shipped by the vnu-jar package; it needs a Java 8+ runtime. */
const VNU_JAR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')),
  'build/dist/vnu.jar',
)

const PAGES = [
  '/',
  `/posts/${CODE_POST}`,
  `/posts/${FORM_POST}`,
  '/links',
  '/signin',
  '/tags',
  '/about',
]

type VnuMessage = { type: string; subType?: string; url: string; message: string; extract?: string }

test('the Nu Html Checker finds no errors in the main pages', async ({ request }) => {
  test.setTimeout(120_000)
  const dir = await mkdtemp(path.join(tmpdir(), 'vnu-'))
  try {
    const files: Record<string, string> = {}
    for (const page of PAGES) {
      const response = await request.get(page)
      expect(response.status(), page).toBe(200)
      const file = path.join(dir, `${page.replace(/\W+/g, '_') || 'home'}.html`)
      await writeFile(file, await response.text())
      files[`file:${file}`] = page
    }
    // A control page with the fault these pages once had: proof the checker runs and catches it.
    const control = path.join(dir, 'control.html')
    await writeFile(
      control,
      '<!doctype html><html lang="en"><title>control</title><form action=""><button>Go</button></form></html>',
    )
    // One JVM for all pages. vnu reports on stderr.
    const { stderr } = await promisify(execFile)(
      'java',
      [
        '-jar',
        VNU_JAR,
        '--format',
        'json',
        '--errors-only',
        '--exit-zero-always',
        ...Object.keys(files).map((f) => f.slice('file:'.length)),
        control,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    )
    const { messages } = JSON.parse(stderr) as { messages: VnuMessage[] }
    const fromControl = messages.filter((m) => m.url.endsWith('/control.html'))
    expect(fromControl.map((m) => m.message).join('\n')).toMatch(/action/)
    const errors = messages
      .filter((m) => !m.url.endsWith('/control.html'))
      .map((m) => `${files[m.url] ?? m.url}: ${m.message} [${m.extract ?? ''}]`)
    expect(errors).toEqual([])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
