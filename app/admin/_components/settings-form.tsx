'use client'

import { settingsAction } from '@/app/_actions/settings'
import type { Settings } from '@/lib/settings'
import { AuthorForm } from './author-form'

/**
 * What automatic signals may do on their own. Off, a signal only flags a link
 * "Needs a look" and the author decides; on, it also hides the link (and shows
 * it again when the signal clears). Either way it is in the link's History.
 */
export function SettingsForm({ settings }: { settings: Settings }) {
  return (
    <AuthorForm action={settingsAction} className="form" label="What automatic checks may do">
      <fieldset className="field">
        <legend>What automatic checks may do on their own</legend>
        <label>
          <input
            type="checkbox"
            name="hideFailingLinks"
            defaultChecked={settings.hideFailingLinks}
          />{' '}
          Hide an approved link after it fails 3 checks in a row (otherwise it is only flagged
          “Needs a look”)
        </label>
        <label>
          <input
            type="checkbox"
            name="hideWithdrawnMentions"
            defaultChecked={settings.hideWithdrawnMentions}
          />{' '}
          Hide a link that came by Webmention when its sender withdraws it (its page is gone or no
          longer links here)
        </label>
      </fieldset>
      <button type="submit" className="button">
        Save choices
      </button>
    </AuthorForm>
  )
}
