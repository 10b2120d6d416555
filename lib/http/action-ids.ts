import { readFileSync } from 'node:fs'

/**
 * Whether a `Next-Action` header names a server action the build has, so that
 * proxy.ts can answer an id the build does not have with 404 (Next itself
 * answers 409 "Server Action unavailable"). The ids come from the build's
 * server reference manifest (Next 16: .next/server/server-reference-manifest.json,
 * `{ node: { [id]: … }, edge: { [id]: … }, encryptionKey }`), read once per
 * process. When it cannot be read, nothing is refused: a valid action must
 * never become a 404 because a deployment lays its files out differently.
 */

/** The shape of an id: Next's ids are 42 hex digits (a type byte, then a hash). */
const ACTION_ID = /^[0-9a-f]{42}$/i

export type ActionIdVerdict =
  /** In the build: Next runs it. */
  | 'known'
  /** Of the right shape, not in the build: 404. */
  | 'unknown'
  /** Not an id at all: 400. */
  | 'malformed'
  /** The ids could not be read: the request goes on to Next. */
  | 'unchecked'

/**
 * The ids a manifest's text lists, in its node and edge sections. Throws when
 * it is not that layout, or lists nothing: a layout this code does not know is
 * treated as unreadable, not as "no actions".
 */
export function actionIdsFromManifest(text: string): ReadonlySet<string> {
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch {
    // Not the parser's message: it quotes the text, which holds the encryption key.
    throw new Error('it is not valid JSON')
  }
  const section = (name: string): string[] => {
    const value = (manifest as Record<string, unknown> | null)?.[name]
    if (value === undefined) return []
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`its "${name}" section is not an object`)
    }
    return Object.keys(value)
  }
  if (typeof manifest !== 'object' || manifest === null || !('node' in manifest)) {
    throw new Error('it has no "node" section')
  }
  const ids = new Set([...section('node'), ...section('edge')])
  if (ids.size === 0) throw new Error('it lists no server action')
  return ids
}

/** What to do with an action id, given the build's ids (undefined: unknown to us). */
export function judgeActionId(id: string, known: ReadonlySet<string> | undefined): ActionIdVerdict {
  if (known === undefined) return 'unchecked'
  if (known.has(id)) return 'known'
  return ACTION_ID.test(id) ? 'unknown' : 'malformed'
}

export type ActionIdChecker = (id: string) => ActionIdVerdict

const ACTION_ID_FIELD = '$ACTION_ID_'
const ACTION_REF_FIELD = '$ACTION_REF_'
const DESCRIPTOR_START = '{"id":"'

/**
 * The action ids a form posted without JavaScript names, read from the fields
 * React's decodeAction reads (and Next checks before it): the name of a
 * `$ACTION_ID_<id>` field, and the descriptor `{"id":"<id>",…}` in the
 * `$ACTION_<n>:0` field of each `$ACTION_REF_<n>`. A descriptor that is
 * missing or not of that form counts as the id '' (malformed). No such field:
 * no ids (the post is not an action).
 */
export function formActionIds(form: Iterable<[string, unknown]>): string[] {
  const fields = [...form]
  const ids: string[] = []
  for (const [name] of fields) {
    if (name.startsWith(ACTION_ID_FIELD)) ids.push(name.slice(ACTION_ID_FIELD.length))
    else if (name.startsWith(ACTION_REF_FIELD)) {
      const descriptorName = `$ACTION_${name.slice(ACTION_REF_FIELD.length)}:0`
      const descriptors = fields.filter(([other]) => other === descriptorName)
      const value = descriptors.length === 1 ? descriptors[0]![1] : undefined
      const end = typeof value === 'string' ? value.indexOf('"', DESCRIPTOR_START.length) : -1
      ids.push(
        typeof value === 'string' && value.startsWith(DESCRIPTOR_START) && end !== -1
          ? value.slice(DESCRIPTOR_START.length, end)
          : '',
      )
    }
  }
  return ids
}

/** The verdict on several ids: the first refusal (malformed before unknown), else the first verdict. */
export function judgeActionIds(ids: string[], check: ActionIdChecker): ActionIdVerdict | undefined {
  const verdicts = ids.map(check)
  return (
    verdicts.find((v) => v === 'malformed') ?? verdicts.find((v) => v === 'unknown') ?? verdicts[0]
  )
}

/**
 * A checker that reads the manifest at `manifestPath` on its first call and
 * keeps the ids (or the failure) for the life of the process. A failure is
 * logged once, without the manifest's content (it holds the actions'
 * encryption key), and every id is then 'unchecked'.
 */
export function actionIdChecker(
  manifestPath: string,
  {
    readText = (file: string) => readFileSync(file, 'utf8'),
    log = (message: string) => console.warn(message),
  }: { readText?: (file: string) => string; log?: (message: string) => void } = {},
): ActionIdChecker {
  let known: ReadonlySet<string> | undefined
  let loaded = false
  return (id) => {
    if (!loaded) {
      loaded = true
      try {
        known = actionIdsFromManifest(readText(manifestPath))
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        log(
          `proxy: server action ids not checked (the build's manifest ${manifestPath} could not be used: ${reason}); unknown ids get Next's own answer.`,
        )
      }
    }
    return judgeActionId(id, known)
  }
}
