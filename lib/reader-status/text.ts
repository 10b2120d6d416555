import type { SiteTold, Standing } from './status'

/** The reader's words for where their link stands (fixed text: nothing stored is shown here). */
export const STANDING_TEXT: Record<Standing, { label: string; detail: string }> = {
  waiting: {
    label: 'Waiting',
    detail: 'the author has not read it yet. Every link is read before it appears under the post.',
  },
  published: {
    label: 'Published',
    detail: 'it is on the list of readers’ stories under the post.',
  },
  'not-published': {
    label: 'Not published',
    detail: 'it is not on the list of readers’ stories under the post.',
  },
  withdrawn: {
    label: 'Withdrawn',
    detail: 'you took it back, and it is not shown under the post.',
  },
}

/** Whether the reader's site was told by Webmention, in a sentence. */
export function siteToldText(site: SiteTold, when: (at: Date) => string): string {
  switch (site.told) {
    case 'not-yet':
      return 'Not yet. When your link is published here, or taken off again, this site tells your page by Webmention, if your site accepts them.'
    case 'yes':
      return site.about === 'published'
        ? `Yes: on ${when(site.at)} your site accepted a Webmention saying your link is published here.`
        : `Yes: on ${when(site.at)} your site accepted a Webmention saying your link is no longer shown here.`
    case 'no-endpoint':
      return `No: your page does not say where to send Webmentions (looked on ${when(site.at)}), so there was no way to tell your site.`
    case 'no':
      return `Not yet: the Webmention this site sent on ${when(site.at)} did not reach your site.`
  }
}
