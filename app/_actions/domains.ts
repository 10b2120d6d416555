'use server'

import { revalidatePath } from 'next/cache'
import { authorAction } from '@/app/_lib/author-action'
import { domainFormToObject, domainRuleRequestSchema } from '@/lib/moderation/domain-requests'
import { domainRuleMessage, removeDomainRule, setDomainRule } from '@/lib/moderation/domain-rules'

/** Adds, switches or removes a trusted- or blocked-domain rule (/admin/domains). */
export const domainRuleAction = authorAction(
  domainRuleRequestSchema,
  domainFormToObject,
  async (request, { author, db }) => {
    if (request.intent === 'add') {
      await setDomainRule(db, { domain: request.domain, kind: request.kind, by: author.name })
    } else if (!(await removeDomainRule(db, request.domain))) {
      return { error: true, message: `Nothing changed: ${request.domain} has no rule.` }
    }
    revalidatePath('/admin/domains')
    revalidatePath('/admin')
    if (request.intent === 'remove') {
      return {
        error: false,
        message: `Removed the rule for ${request.domain}: its links wait for you again.`,
      }
    }
    return { error: false, message: domainRuleMessage(request.kind, request.domain) }
  },
  'domainRuleAction',
)
