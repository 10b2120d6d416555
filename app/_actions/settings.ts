'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { authorAction } from '@/app/_lib/author-action'
import { saveSettings } from '@/lib/settings'

const checkbox = z
  .enum(['on'])
  .optional()
  .transform((v) => v === 'on')

const request = z.object({
  hideFailingLinks: checkbox,
  hideWithdrawnMentions: checkbox,
})

/** The "What automatic checks may do" form of /admin/domains. */
export const settingsAction = authorAction(
  request,
  (form) => ({
    hideFailingLinks: form.get('hideFailingLinks') ?? undefined,
    hideWithdrawnMentions: form.get('hideWithdrawnMentions') ?? undefined,
  }),
  async (values, { author, db }) => {
    await saveSettings(db, values, author.name)
    revalidatePath('/admin/domains')
    return { error: false, message: 'Saved: automatic checks follow these choices from now on.' }
  },
  'settingsAction',
)
