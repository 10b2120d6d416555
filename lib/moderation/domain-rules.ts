import { asc, eq, isNull, and, sql } from 'drizzle-orm'
import ipaddr from 'ipaddr.js'
import { getDomain } from 'tldts'
import type { Database } from '../db'
import {
  domainRules,
  submissions,
  type DomainRule,
  type DomainRuleKind,
  type SubmissionStatus,
} from '../db/schema'
import type { AuditVia } from './audit'
import { applyChange, type ModerationResult } from './moderate'
import type { UndoPlan } from './undo'

/**
 * The registrable domain of a host: "blog.example.co.uk" → "example.co.uk".
 * Private suffixes count (github.io, blogspot.com), so trusting alice.github.io
 * trusts Alice's site, not every GitHub Pages site. Hosts are in ASCII
 * (punycode), as URL parsing gives them, so a rule never matches a look-alike.
 */
export function registrableDomain(host: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '')
  if (h.startsWith('[') || ipaddr.isValid(h)) return null
  return getDomain(h, { allowPrivateDomains: true }) ?? null
}

/** The registrable domain of a submitted link, or null if it has none. */
export function registrableDomainOfUrl(url: string): string | null {
  try {
    return registrableDomain(new URL(url).hostname)
  } catch {
    return null
  }
}

export type DomainInput = { ok: true; domain: string } | { ok: false; message: string }

/** What the author types in /admin/domains: a domain or a link, reduced to its registrable domain. */
export function parseDomainInput(raw: string): DomainInput {
  const text = raw.trim()
  if (text === '' || text.length > 300 || /\s/.test(text)) {
    return { ok: false, message: 'Enter a domain such as example.com.' }
  }
  let host: string
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname
  } catch {
    return { ok: false, message: 'Enter a domain such as example.com.' }
  }
  const domain = registrableDomain(host)
  return domain
    ? { ok: true, domain }
    : { ok: false, message: 'That is not a public domain name (an IP address or a bare suffix).' }
}

/** What the author is told after trusting or blocking a domain, from a row or from /admin/domains. */
export function domainRuleMessage(kind: DomainRuleKind, domain: string): string {
  return kind === 'trusted'
    ? `Trusted ${domain}: its links are approved at once from now on.`
    : `Blocked ${domain}: its links go straight to spam from now on.`
}

export async function listDomainRules(db: Database): Promise<DomainRule[]> {
  return db.select().from(domainRules).orderBy(asc(domainRules.kind), asc(domainRules.domain))
}

/** Trusts or blocks a domain; a domain that had the other rule switches to this one. */
export async function setDomainRule(
  db: Database,
  input: { domain: string; kind: DomainRuleKind; by: string },
): Promise<void> {
  await db
    .insert(domainRules)
    .values({ domain: input.domain, kind: input.kind, createdBy: input.by })
    .onConflictDoUpdate({
      target: domainRules.domain,
      set: { kind: input.kind, createdBy: input.by, createdAt: new Date() },
    })
}

export async function removeDomainRule(db: Database, domain: string): Promise<boolean> {
  const rows = await db
    .delete(domainRules)
    .where(eq(domainRules.domain, domain))
    .returning({ domain: domainRules.domain })
  return rows.length > 0
}

export type InitialStatus = {
  status: SubmissionStatus
  via: AuditVia
  /** The domain whose rule decided, if one did. */
  detail: string | null
}

/**
 * The status a new submission starts in: approved when its domain is trusted,
 * spam when it is blocked, pending otherwise. Called inside the insert's transaction.
 */
export async function initialStatusFor(
  tx: Database,
  url: string,
  via: AuditVia = 'form',
): Promise<InitialStatus> {
  const domain = registrableDomainOfUrl(url)
  if (!domain) return { status: 'pending', via, detail: null }
  const [rule] = await tx
    .select({ kind: domainRules.kind })
    .from(domainRules)
    .where(eq(domainRules.domain, domain))
  if (rule?.kind === 'trusted') {
    return { status: 'approved', via: 'trusted-domain rule', detail: domain }
  }
  if (rule?.kind === 'blocked') {
    return { status: 'spam', via: 'blocked-domain rule', detail: domain }
  }
  return { status: 'pending', via, detail: null }
}

export type RowRuleResult = ModerationResult & {
  domain: string | null
  /** What "Undo" puts back: the row, and the domain's rule as it was. */
  undo?: UndoPlan
}

/**
 * "Always approve links from <domain>" / "Mark as spam and block <domain>" on a
 * row: the rule is saved and the row moved (approved or spam) in one
 * transaction. A spam row is not approved by trusting its domain (spam is never
 * published in one step), but the rule is still saved.
 */
export async function ruleFromSubmission(
  db: Database,
  input: { id: number; kind: DomainRuleKind; by: string; via?: AuditVia },
): Promise<RowRuleResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ url: submissions.url })
      .from(submissions)
      .where(and(eq(submissions.id, input.id), isNull(submissions.deletedAt)))
    const domain = row ? registrableDomainOfUrl(row.url) : null
    if (!domain) return { changed: 0, publicSlugs: [], domain: null }
    const [previous] = await tx
      .select({
        kind: domainRules.kind,
        createdAt: sql<string>`${domainRules.createdAt}::text`,
        createdBy: domainRules.createdBy,
      })
      .from(domainRules)
      .where(eq(domainRules.domain, domain))
    await setDomainRule(tx, { domain, kind: input.kind, by: input.by })
    const moved = await applyChange(tx, {
      ids: [input.id],
      change: { kind: 'status', to: input.kind === 'trusted' ? 'approved' : 'spam' },
      by: input.by,
      via: input.via ?? 'admin',
      detail: `${input.kind === 'trusted' ? 'trusted' : 'blocked'} ${domain}`,
      undoable: true,
    })
    const rule = { domain, set: input.kind, previous: previous ?? null }
    return {
      // The rule itself is a change, even when the row's status already matched.
      changed: Math.max(1, moved.changed),
      publicSlugs: moved.publicSlugs,
      domain,
      undo: { rows: moved.undo ?? [], rule },
    }
  })
}
