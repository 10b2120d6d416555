'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { requireAuthor } from '@/app/_lib/author-guard'
import { installPublicListInvalidation } from '@/app/_lib/public-list-invalidation'
import { getDatabase } from '@/lib/db'
import { checkSubmissionLink, keepShown } from '@/lib/links/check'
import { appLinkCheckContext } from '@/lib/links/context'

installPublicListInvalidation()

const idSchema = z.coerce.number().int().positive().max(2_147_483_647)

export type LinkCheckActionState = { message: string; error: boolean }

/**
 * "Check again": fetches the link now (at most 5 s, through the safe fetcher)
 * and shows the new check. The author check comes first, like every action.
 */
export async function checkAgainAction(
  _previous: LinkCheckActionState,
  form: FormData,
): Promise<LinkCheckActionState> {
  await requireAuthor()
  const id = idSchema.safeParse(form.get('id'))
  if (!id.success) return { error: true, message: 'Nothing checked: no such submission.' }
  try {
    const { db } = await getDatabase()
    const result = await checkSubmissionLink(db, id.data, appLinkCheckContext())
    revalidatePath('/admin')
    if (!result) return { error: true, message: 'Nothing checked: no such submission.' }
    return {
      error: !result.reachable,
      message: result.reachable ? 'Checked: reachable.' : 'Checked: not reachable.',
    }
  } catch (error) {
    console.error('checkAgainAction failed:', error)
    return { error: true, message: 'Not checked: the database could not be reached. Try again.' }
  }
}

/** "Keep shown": a failing link stays on the public list until a check passes. */
export async function keepShownAction(
  _previous: LinkCheckActionState,
  form: FormData,
): Promise<LinkCheckActionState> {
  await requireAuthor()
  const id = idSchema.safeParse(form.get('id'))
  if (!id.success) return { error: true, message: 'Nothing changed: no such submission.' }
  try {
    const { db } = await getDatabase()
    const kept = await keepShown(db, id.data)
    revalidatePath('/admin')
    return kept
      ? { error: false, message: 'Kept shown until a check passes.' }
      : { error: true, message: 'Nothing changed: this link has not been checked yet.' }
  } catch (error) {
    console.error('keepShownAction failed:', error)
    return { error: true, message: 'Nothing changed: the database could not be reached.' }
  }
}
