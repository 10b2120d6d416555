import type { NextRequest } from 'next/server'
import { currentAuthor } from '@/app/_lib/author-guard'
import { getDatabase } from '@/lib/db'
import { exportRecords, toByteStream, toCsv, toJson } from '@/lib/moderation/export'

const FORMATS = {
  json: { type: 'application/json; charset=utf-8', write: toJson },
  csv: { type: 'text/csv; charset=utf-8', write: toCsv },
} as const

/**
 * GET /admin/export?format=json|csv: every submission with its history, for the
 * author only (checked here: proxy.ts protects nothing), streamed batch by batch.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const author = await currentAuthor()
  if (!author) {
    return new Response('Only the author can export submissions. Sign in first.\n', {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  const format = request.nextUrl.searchParams.get('format') ?? 'json'
  if (format !== 'json' && format !== 'csv') {
    return new Response('format must be json or csv.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  let db
  try {
    db = (await getDatabase()).db
  } catch (error) {
    console.error('export: the database could not be reached:', error)
    return new Response('The database could not be reached. Try again.\n', { status: 503 })
  }
  const { type, write } = FORMATS[format]
  const day = new Date().toISOString().slice(0, 10)
  return new Response(toByteStream(write(exportRecords(db, { authorName: author.name }))), {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="submissions-${day}.${format}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
