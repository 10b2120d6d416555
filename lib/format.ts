const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** Post dates are calendar dates: format them in UTC so no time zone shifts the day. */
export function formatDate(value: string | Date): string {
  return dateFormat.format(typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value)
}

const dateTimeFormats = {
  minute: new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }),
  second: new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'UTC',
  }),
  day: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }),
}

/**
 * A moment on the author's pages (when a link was sent, checked, moderated),
 * always in UTC and saying so, so two instances and the author agree.
 */
export function formatWhen(value: Date, precision: 'minute' | 'second' = 'minute'): string {
  return `${dateTimeFormats[precision].format(value)} UTC`
}

/** A day on the author's pages, e.g. when a domain rule was made. */
export const formatDay = (value: Date): string => dateTimeFormats.day.format(value)

/**
 * How long ago, for a queue row ("just now", "5 min ago", "3 h ago", "2 d ago");
 * past a month, the day. The exact moment is in the row's details.
 */
export function formatAge(value: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, (now.getTime() - value.getTime()) / 1000)
  if (seconds < 60) return 'just now'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`
  return formatDay(value)
}
