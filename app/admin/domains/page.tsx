import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAuthorOrSignIn } from '@/app/_lib/author-guard'
import { DomainRuleForm } from '@/app/admin/_components/domain-rule-form'
import { SettingsForm } from '@/app/admin/_components/settings-form'
import { getDatabase } from '@/lib/db'
import type { DomainRule, DomainRuleKind } from '@/lib/db/schema'
import { listDomainRules } from '@/lib/moderation/domain-rules'
import { readSettings } from '@/lib/settings'
import '../queue-tools.css'
import { formatDay } from '@/lib/format'

export const metadata: Metadata = { title: 'Trusted and blocked domains', robots: { index: false } }

const HEADINGS: Record<DomainRuleKind, { title: string; none: string; effect: string }> = {
  trusted: {
    title: 'Trusted domains',
    none: 'No trusted domains.',
    effect: 'New links from these are approved at once (you are still notified).',
  },
  blocked: {
    title: 'Blocked domains',
    none: 'No blocked domains.',
    effect: 'New links from these go straight to spam, without a notification.',
  },
}

function RuleTable({ kind, rules }: { kind: DomainRuleKind; rules: DomainRule[] }) {
  const { title, none, effect } = HEADINGS[kind]
  return (
    <section aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{title}</h2>
      <p className="meta">{effect}</p>
      {rules.length === 0 ? (
        <p>{none}</p>
      ) : (
        <DomainRuleForm label={title}>
          <input type="hidden" name="intent" value="remove" />
          <table>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.domain}>
                  <td>{rule.domain}</td>
                  <td>
                    <time dateTime={rule.createdAt.toISOString()}>{formatDay(rule.createdAt)}</time>
                  </td>
                  <td>
                    <button
                      type="submit"
                      name="domain"
                      value={rule.domain}
                      className="button button-secondary"
                      aria-label={`Remove ${rule.domain}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </DomainRuleForm>
      )}
    </section>
  )
}

async function Rules() {
  await requireAuthorOrSignIn('/admin/domains')
  const { db } = await getDatabase()
  const [rules, settings] = await Promise.all([listDomainRules(db), readSettings(db)])
  return (
    <>
      <DomainRuleForm className="form" label="Add a domain rule">
        <input type="hidden" name="intent" value="add" />
        <div className="field">
          <label htmlFor="rule-domain">Domain</label>
          <span className="hint" id="rule-domain-hint">
            A domain or a link: blog.example.co.uk counts as example.co.uk, and so do its other
            subdomains.
          </span>
          <input
            id="rule-domain"
            name="domain"
            type="text"
            required
            maxLength={300}
            aria-describedby="rule-domain-hint"
            autoComplete="off"
          />
        </div>
        <fieldset className="field">
          <legend>Rule</legend>
          <label>
            <input type="radio" name="kind" value="trusted" defaultChecked /> Trust: approve its
            links at once
          </label>
          <label>
            <input type="radio" name="kind" value="blocked" /> Block: send its links to spam
          </label>
        </fieldset>
        <button type="submit" className="button">
          Save rule
        </button>
      </DomainRuleForm>
      <RuleTable kind="trusted" rules={rules.filter((r) => r.kind === 'trusted')} />
      <RuleTable kind="blocked" rules={rules.filter((r) => r.kind === 'blocked')} />
      <section aria-labelledby="signals-title">
        <h2 id="signals-title">Automatic checks</h2>
        <p className="meta">
          A link that keeps failing its checks, or whose Webmention is withdrawn, is flagged “Needs
          a look” in the queue and you are told. Whatever a check does is in the link’s History and
          can be undone.
        </p>
        <SettingsForm settings={settings} />
      </section>
    </>
  )
}

/** Never prerendered or cached: the author's own lists, behind the session check. */
export const instant = false

export default function DomainsPage() {
  return (
    <div className="admin domain-rules">
      <p className="meta">
        <Link href="/admin">← Back to the queue</Link>
      </p>
      <h1>Trusted and blocked domains</h1>
      <Rules />
    </div>
  )
}
