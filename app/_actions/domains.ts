'use server'

import { revalidatePath } from 'next/cache'
import { requireAuthor } from '@/app/_lib/author-guard'
import { getDatabase } from '@/lib/db'
import { domainFormToObject, domainRuleRequestSchema } from '@/lib/moderation/domain-requests'
import { removeDomainRule, setDomainRule } from '@/lib/moderation/domain-rules'

export type DomainRuleState = { message: string; error: boolean }

/** Adds, switches or removes a trusted- or blocked-domain rule (/admin/domains). */
export async function domainRuleAction(
  _previous: DomainRuleState,
  form: FormData,
): Promise<DomainRuleState> {
  const author = await requireAuthor()
  const parsed = domainRuleRequestSchema.safeParse(domainFormToObject(form))
  if (!parsed.success) {
    return {
      error: true,
      message: `Nothing changed: ${parsed.error.issues[0]?.message ?? 'invalid request'}`,
    }
  }
  const request = parsed.data
  let message: string
  try {
    const { db } = await getDatabase()
    if (request.intent === 'add') {
      await setDomainRule(db, { domain: request.domain, kind: request.kind, by: author.name })
      message =
        request.kind === 'trusted'
          ? `Trusted ${request.domain}: its links are approved at once from now on.`
          : `Blocked ${request.domain}: its links go straight to spam from now on.`
    } else {
      const removed = await removeDomainRule(db, request.domain)
      if (!removed)
        return { error: true, message: `Nothing changed: ${request.domain} has no rule.` }
      message = `Removed the rule for ${request.domain}: its links wait for you again.`
    }
  } catch (error) {
    console.error('domainRuleAction failed:', error)
    return {
      error: true,
      message: 'Nothing changed: the database could not be reached. Try again.',
    }
  }
  revalidatePath('/admin/domains')
  revalidatePath('/admin')
  return { error: false, message }
}
