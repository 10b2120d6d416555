import { connection } from 'next/server'
import { getDatabase } from '@/lib/db'
import { webmentionStatusText } from '@/lib/webmention/status'

const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }

/** The status page a Webmention's 201 answer points at (Location). */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  await connection()
  const { token } = await params
  try {
    const { db } = await getDatabase()
    const body = await webmentionStatusText(db, token)
    return body === null
      ? new Response('No such Webmention.\n', { status: 404, headers })
      : new Response(`${body}\n`, { status: 200, headers })
  } catch (error) {
    console.error('webmention status: database unavailable:', error)
    return new Response('Try again later.\n', { status: 503, headers })
  }
}
