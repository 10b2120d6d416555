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
export type ActionAnswer = ActionState | { redirectTo: string }

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`)

/**
 * The one shape of an author's server action (after saas-starter's
 * validatedActionWithUser): check the session first (a replayed request
 * without it changes nothing and gets a 401), parse the form with zod (a bad
 * request changes nothing and says why in words), open the database, run the
 * handler, and answer with one state type. A database failure is "Nothing
 * changed", never a 500; a redirect happens outside the try, so Next's
 * redirect signal is never swallowed.
 */
export function authorAction<Schema extends z.ZodType>(
  schema: Schema,
  read: (form: FormData) => unknown,
  handler: (
    input: z.output<Schema>,
    ctx: { author: AuthorIdentity; db: Database },
  ) => Promise<ActionAnswer>,
  name = 'authorAction',
): (previous: ActionState, form: FormData) => Promise<ActionState> {
  return async (_previous, form) => {
    const author = await requireAuthor()
    const parsed = schema.safeParse(read(form))
    if (!parsed.success) {
      return {
        error: true,
        message: `Nothing changed: ${sentence(parsed.error.issues[0]?.message ?? 'the request was not understood')}`,
      }
    }
    prepareServerWork()
    let answer: ActionAnswer
    try {
      const { db } = await getDatabase()
      answer = await handler(parsed.data, { author, db })
    } catch (error) {
      console.error(`${name} failed:`, error)
      return {
        error: true,
        message: 'Nothing changed: the database could not be reached. Try again.',
      }
    }
    if ('redirectTo' in answer) redirect(answer.redirectTo)
    return answer
  }
}
