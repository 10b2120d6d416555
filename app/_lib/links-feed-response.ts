/** Answers a readers' stories feed request: the feed, a 404, or a 503 if the database is down. */
export async function linksFeedResponse(
  load: () => Promise<string | undefined>,
): Promise<Response> {
  let xml: string | undefined
  try {
    xml = await load()
  } catch (error) {
    console.error('reader links feed unavailable:', error)
    return new Response('Readers’ stories cannot be shown right now. Try again soon.', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' },
    })
  }
  if (xml === undefined) {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } })
}
