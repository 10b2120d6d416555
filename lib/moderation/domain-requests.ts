import { z } from 'zod'
import { DOMAIN_RULES } from '../db/schema'
import { parseDomainInput } from './domain-rules'

const domain = z.string().transform((raw, ctx) => {
  const parsed = parseDomainInput(raw)
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message })
    return z.NEVER
  }
  return parsed.domain
})

/** A form post from /admin/domains, validated before anything touches the database. */
export const domainRuleRequestSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add'), domain, kind: z.enum(DOMAIN_RULES) }),
  z.object({ intent: z.literal('remove'), domain }),
])

export type DomainRuleRequest = z.output<typeof domainRuleRequestSchema>

export function domainFormToObject(form: FormData): Record<string, unknown> {
  const get = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  return { intent: get('intent'), domain: get('domain'), kind: get('kind') }
}
