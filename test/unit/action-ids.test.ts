import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  actionIdChecker,
  actionIdsFromManifest,
  formActionIds,
  judgeActionId,
  judgeActionIds,
} from '@/lib/http/action-ids'

const NODE_ID = '40a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const EDGE_ID = '00ffeeddccbbaa99887766554433221100ffeedd11'
const UNKNOWN_ID = '7f'.repeat(21)

/** The layout `next build` (16.4) writes to .next/server/server-reference-manifest.json. */
const manifest = (node: object = { [NODE_ID]: {} }, edge: object = { [EDGE_ID]: {} }) =>
  JSON.stringify({
    node: Object.fromEntries(
      Object.keys(node).map((id) => [
        id,
        { workers: { 'app/page': { moduleId: 1, async: false } }, exportedName: 'someAction' },
      ]),
    ),
    edge,
    encryptionKey: 'c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3M=',
  })

describe('actionIdsFromManifest', () => {
  it('lists the ids of both the node and the edge section', () => {
    expect([...actionIdsFromManifest(manifest())].sort()).toEqual([EDGE_ID, NODE_ID].sort())
  })

  it('reads a manifest without an edge section', () => {
    expect([...actionIdsFromManifest(JSON.stringify({ node: { [NODE_ID]: {} } }))]).toEqual([
      NODE_ID,
    ])
  })

  it.each([
    ['not JSON', '{"node": {', /not valid JSON/],
    ['no node section', JSON.stringify({ actions: { [NODE_ID]: {} } }), /no "node" section/],
    ['a node section that is a list', JSON.stringify({ node: [NODE_ID] }), /not an object/],
    ['no action at all', JSON.stringify({ node: {}, edge: {} }), /lists no server action/],
    ['null', 'null', /no "node" section/],
  ])('refuses a layout it does not know (%s)', (_, text, message) => {
    expect(() => actionIdsFromManifest(text)).toThrow(message)
  })

  it('never quotes the text in its error (the manifest holds the encryption key)', () => {
    const text = '{"encryptionKey": "c2VjcmV0", broken'
    expect(() => actionIdsFromManifest(text)).toThrow(/^it is not valid JSON$/)
  })
})

describe('judgeActionId', () => {
  const known = new Set([NODE_ID, EDGE_ID])

  it.each([
    [NODE_ID, 'known'],
    [EDGE_ID, 'known'],
    [UNKNOWN_ID, 'unknown'],
    [UNKNOWN_ID.toUpperCase(), 'unknown'],
    ['not-an-action-id', 'malformed'],
    ['', 'malformed'],
    [`${NODE_ID}0`, 'malformed'],
    [NODE_ID.slice(1), 'malformed'],
    // The right length, but not hex (Next alone would say 409 for it).
    ['z'.repeat(42), 'malformed'],
    [`${NODE_ID.slice(0, 41)} `, 'malformed'],
  ])('%j is %s', (id, verdict) => {
    expect(judgeActionId(id, known)).toBe(verdict)
  })

  it('checks nothing when the ids could not be read', () => {
    for (const id of [NODE_ID, UNKNOWN_ID, 'not-an-action-id']) {
      expect(judgeActionId(id, undefined)).toBe('unchecked')
    }
  })
})

describe('formActionIds (a form posted without JavaScript)', () => {
  const form = (fields: [string, string][]) => {
    const data = new FormData()
    for (const [name, value] of fields) data.append(name, value)
    return data
  }

  it('reads the id of a bound action from its descriptor, as React renders the form', () => {
    const fields = form([
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', `{"id":"${NODE_ID}","bound":"$@1"}`],
      ['$ACTION_1:1', '[{"status":"idle"}]'],
      ['$ACTION_KEY', 'k123'],
      ['url', 'https://example.com/story'],
    ])
    expect(formActionIds(fields)).toEqual([NODE_ID])
  })

  it('reads the id of an action without bound arguments from the field name', () => {
    expect(
      formActionIds(
        form([
          [`$ACTION_ID_${EDGE_ID}`, ''],
          ['q', 'x'],
        ]),
      ),
    ).toEqual([EDGE_ID])
  })

  it('finds none in a form that is no action (the plain form posts of Auth.js, say)', () => {
    expect(
      formActionIds(
        form([
          ['email', 'a@b.c'],
          ['password', 'x'],
        ]),
      ),
    ).toEqual([])
  })

  it.each([
    ['no descriptor', [['$ACTION_REF_1', '']]],
    [
      'two descriptors',
      [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', `{"id":"${NODE_ID}"}`],
        ['$ACTION_1:0', `{"id":"${NODE_ID}"}`],
      ],
    ],
    [
      'a descriptor that is not {"id":"…"',
      [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', `{"bound":null,"id":"${NODE_ID}"}`],
      ],
    ],
    [
      'an unterminated id',
      [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', '{"id":"40a1'],
      ],
    ],
  ] as [string, [string, string][]][])(
    'a reference with %s names the malformed id ""',
    (_, fields) => {
      expect(formActionIds(form(fields))).toEqual([''])
    },
  )

  it('judges the form by its worst id', () => {
    const check = (id: string) => judgeActionId(id, new Set([NODE_ID]))
    expect(judgeActionIds([], check)).toBeUndefined()
    expect(judgeActionIds([NODE_ID], check)).toBe('known')
    expect(judgeActionIds([NODE_ID, UNKNOWN_ID], check)).toBe('unknown')
    expect(judgeActionIds([UNKNOWN_ID, ''], check)).toBe('malformed')
    expect(judgeActionIds([UNKNOWN_ID], () => 'unchecked')).toBe('unchecked')
  })
})

describe('actionIdChecker', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'action-ids-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the manifest file once, on the first call, and keeps its ids', () => {
    const file = path.join(dir, 'server-reference-manifest.json')
    const reads: string[] = []
    const logs: string[] = []
    const check = actionIdChecker(file, {
      readText: (f) => {
        reads.push(f)
        return manifest()
      },
      log: (m) => logs.push(m),
    })
    expect(reads).toEqual([])
    expect(check(NODE_ID)).toBe('known')
    expect(check(UNKNOWN_ID)).toBe('unknown')
    expect(check('nope')).toBe('malformed')
    expect(reads).toEqual([file])
    expect(logs).toEqual([])
  })

  it('reads a real file by default', () => {
    const file = path.join(dir, 'real.json')
    writeFileSync(file, manifest())
    const check = actionIdChecker(file, { log: () => undefined })
    expect(check(EDGE_ID)).toBe('known')
    expect(check(UNKNOWN_ID)).toBe('unknown')
  })

  it('refuses nothing when the manifest is missing, and says so once', () => {
    const logs: string[] = []
    const file = path.join(dir, 'absent', 'server-reference-manifest.json')
    const check = actionIdChecker(file, { log: (m) => logs.push(m) })
    for (const id of [NODE_ID, UNKNOWN_ID, 'not-an-action-id', UNKNOWN_ID]) {
      expect(check(id)).toBe('unchecked')
    }
    expect(logs).toHaveLength(1)
    expect(logs[0]).toContain(file)
    expect(logs[0]).toContain('not checked')
  })

  it('refuses nothing when the manifest has a layout it does not know, and keeps the key out of the log', () => {
    const logs: string[] = []
    const file = path.join(dir, 'other-layout.json')
    writeFileSync(file, JSON.stringify({ actions: { [NODE_ID]: {} }, encryptionKey: 'S3CR3T' }))
    const check = actionIdChecker(file, { log: (m) => logs.push(m) })
    expect(check(UNKNOWN_ID)).toBe('unchecked')
    expect(check(NODE_ID)).toBe('unchecked')
    expect(logs).toHaveLength(1)
    expect(logs[0]).not.toContain('S3CR3T')
  })
})
