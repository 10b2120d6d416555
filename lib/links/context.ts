import { env } from '../env'
import type { LinkCheckContext } from './check'

/** The link-check context of the running app: its own URL, the default fetcher policy. */
export const appLinkCheckContext = (): LinkCheckContext => ({ siteUrl: env().SITE_URL })
