import { inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import { siteSettings } from '../db/schema'

/**
 * The author's own choices about what automatic signals may do, changed in
 * /admin/domains ("Rules"). A key that was never saved has its default.
 */
export const settingsSchema = z.object({
  /**
   * Hide an approved link from the public lists once it has failed
   * LINK_FAILURES_TO_FLAG checks in a row. Off: the link is only flagged
   * "Needs a look" and stays shown until the author decides.
   */
  hideFailingLinks: z.boolean().default(false),
  /**
   * When the source of a Webmention that created a link is gone or stops
   * linking here, hide that link (the sender withdrew their own mention).
   * Off: it is only flagged "Needs a look".
   */
  hideWithdrawnMentions: z.boolean().default(true),
})

export type Settings = z.output<typeof settingsSchema>
export type SettingKey = keyof Settings

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[]

export const defaultSettings: Settings = settingsSchema.parse({})

/** All settings, defaults filled in; a stored value that no longer parses counts as its default. */
export async function readSettings(db: Database): Promise<Settings> {
  const rows = await db
    .select({ key: siteSettings.key, value: siteSettings.value })
    .from(siteSettings)
    .where(inArray(siteSettings.key, SETTING_KEYS))
  const settings: Settings = { ...defaultSettings }
  for (const row of rows) {
    const key = row.key as SettingKey
    const parsed = settingsSchema.shape[key].safeParse(row.value)
    if (parsed.success) settings[key] = parsed.data
  }
  return settings
}

export async function saveSettings(
  db: Database,
  values: Partial<Settings>,
  by: string,
): Promise<void> {
  for (const key of SETTING_KEYS) {
    const value = values[key]
    if (value === undefined) continue
    await db
      .insert(siteSettings)
      .values({ key, value, updatedBy: by })
      .onConflictDoUpdate({
        target: siteSettings.key,
        set: { value, updatedBy: by, updatedAt: sql`now()` },
      })
  }
}
