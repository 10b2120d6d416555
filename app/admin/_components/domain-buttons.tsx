import { registrableDomainOfUrl } from '@/lib/moderation/domain-rules'
import { canMove } from '@/lib/moderation/transitions'
import type { SubmissionStatus } from '@/lib/db/schema'

/**
 * "Always approve links from <domain>" and "Mark as spam and block <domain>":
 * buttons of the row's moderation form (intent trust / block). A spam row
 * cannot be trusted from here: spam is never published in one step.
 */
export function DomainButtons({ url, status }: { url: string; status: SubmissionStatus }) {
  const domain = registrableDomainOfUrl(url)
  if (!domain) return null
  return (
    <div className="row-actions domain-actions">
      {status === 'approved' || canMove(status, 'approved') ? (
        <button type="submit" name="intent" value="trust" className="button button-secondary">
          Always approve links from {domain}
        </button>
      ) : null}
      <button type="submit" name="intent" value="block" className="button button-danger">
        Mark as spam and block {domain}
      </button>
    </div>
  )
}
