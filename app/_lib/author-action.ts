import { redirect } from 'next/navigation'
import type { z } from 'zod'
import { requireAuthor } from '@/app/_lib/author-guard'
import type { AuthorIdentity } from '@/lib/auth/author'
import { getDatabase, type Database } from '@/lib/db'
import { prepareServerWork } from './server-work'

/** What every author action answers: one message, in plain words, and whether it is an error. */
export type ActionState = { message: string; error: boolean }

export const initialActionState: ActionState = { message: '', error: false }

/** What a handler may answer: a state, or a page to go to (after the database work is done). */
export type ActionAnswer<State extends ActionState = ActionState> = State | { redirectTo: string }

/** A validation message after "Nothing changed: ", as one plain sentence. */
const sentence = (text: string) => {
  const words = text.trim().replace(/\.+$/, '')
  return `${words.charAt(0).toLowerCase()}${words.slice(1)}.`
}

/**
 * The one shape of an author's server action (after saas-starter's
 * validatedActionWithUser): check the session first (a replayed request
 * without it changes nothing and gets a 401), parse the form with zod (a bad
 * request changes nothing and says why in words), open the database, run the
 * handler, and answer with one state type. A database failure is "Nothing
 * changed", never a 500; a redirect happens outside the try, so Next's
 * redirect signal is never swallowed. A State may add fields to ActionState,
 * all optional: a refusal answers with the message alone.
 */
export function authorAction<Schema extends z.ZodType, State extends ActionState = ActionState>(
  schema: Schema,
  read: (form: FormData) => unknown,
  handler: (
    input: z.output<Schema>,
    ctx: { author: AuthorIdentity; db: Database },
  ) => Promise<ActionAnswer<NoInfer<State>>>,
  name = 'authorAction',
): (previous: State, form: FormData) => Promise<State> {
  const refusal = (message: string) => ({ error: true, message }) as State
  return async (_previous, form) => {
    const author = await requireAuthor()
    const parsed = schema.safeParse(read(form))
    if (!parsed.success) {
      return refusal(
        `Nothing changed: ${sentence(parsed.error.issues[0]?.message ?? 'the request was not understood')}`,
      )
    }
    prepareServerWork()
    let answer: ActionAnswer<State>
    try {
      const { db } = await getDatabase()
      answer = await handler(parsed.data, { author, db })
    } catch (error) {
      console.error(`${name} failed:`, error)
      return refusal('Nothing changed: the database could not be reached. Try again.')
    }
    if ('redirectTo' in answer) redirect(answer.redirectTo)
    return answer
  }
}
