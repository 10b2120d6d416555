import { adminItemUrl, oneClickUrls, postUrl } from './links'
import type { SubmissionDetails } from './submission-details'
import { ONE_CLICK_TTL_MS } from './tokens'

export type OutgoingEmail = {
  /** Stable per notification, so a resent copy is recognisably the same message. */
  messageId: string
  subject: string
  text: string
}

export type MessageContext = {
  site: URL
  siteTitle: string
  /** AUTH_SECRET: signs the one-click links (none are made without it). */
  secret: string | undefined
  postTitle: (slug: string) => Promise<string | undefined>
  now?: number
}

const days = Math.round(ONE_CLICK_TTL_MS / 86_400_000)

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** One submission as plain text: user text stays text, whatever it contains. */
async function block(s: SubmissionDetails, ctx: MessageContext): Promise<string> {
  const title = (await ctx.postTitle(s.postSlug)) ?? s.postSlug
  const links = oneClickUrls(ctx.site, ctx.secret, s.id, ctx.now)
  const lines = [
    `Post:   ${title} <${postUrl(ctx.site, s.postSlug)}>`,
    `Link:   ${s.url}`,
    `Title:  ${s.title ?? '(none given)'}`,
    `Name:   ${s.name ?? '(none given)'}`,
    `Note:   ${s.note ? s.note.replace(/\n/g, '\n        ') : '(none given)'}`,
    `Status: ${s.status}, sent ${utc(s.createdAt)}`,
    '',
    ...(links ? [`Approve: ${links.approve}`, `Reject:  ${links.reject}`] : []),
    `In the queue: ${adminItemUrl(ctx.site, s)}`,
  ]
  return lines.join('\n')
}

const footer = (ctx: MessageContext) =>
  ctx.secret
    ? `\n\nEach Approve or Reject link opens a page with one button: nothing changes until you press it. A link works once, for ${days} days.\n`
    : '\n'

export async function newSubmissionEmail(
  s: SubmissionDetails,
  ctx: MessageContext,
): Promise<OutgoingEmail> {
  const title = (await ctx.postTitle(s.postSlug)) ?? s.postSlug
  return {
    messageId: `<submission-${s.id}.new@${ctx.site.hostname}>`,
    subject: `New link for “${title}”: ${s.title ?? s.url}`,
    text: `A reader sent a link on ${ctx.siteTitle}.\n\n${await block(s, ctx)}${footer(ctx)}`,
  }
}

export async function digestEmail(
  rows: SubmissionDetails[],
  window: { start: Date; end: Date; round: number },
  ctx: MessageContext,
): Promise<OutgoingEmail> {
  const blocks = await Promise.all(rows.map((s) => block(s, ctx)))
  const n = rows.length
  return {
    messageId: `<digest-${window.start.getTime()}-${window.round}@${ctx.site.hostname}>`,
    subject: `${n} more link${n === 1 ? '' : 's'} for ${ctx.siteTitle} (digest)`,
    text:
      `Links kept coming between ${utc(window.start)} and ${utc(window.end)}, so the rest arrive together.\n\n` +
      blocks.join('\n\n----\n\n') +
      footer(ctx),
  }
}
