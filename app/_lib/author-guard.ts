import { redirect, unauthorized } from 'next/navigation'
import { connection } from 'next/server'
import { auth } from '@/auth'
import { authorFromSession, type AuthorIdentity } from '@/lib/auth/author'
import { env } from '@/lib/env'

/** Auth.js throws without a secret in production; treat that as "nobody is signed in". */
async function readSession(): Promise<unknown> {
  // Session checks belong to the request, never to a prerender (Auth.js uses crypto).
  await connection()
  if (!env().AUTH_SECRET && env().NODE_ENV === 'production') return null
  return auth()
}

/**
 * The one author check. Every server action and route handler that reads or
 * changes submissions calls it first: proxy.ts only redirects, it protects nothing.
 */
export async function requireAuthor(): Promise<AuthorIdentity> {
  const author = authorFromSession(await readSession())
  if (!author) unauthorized()
  return author
}

/** For pages: the same check, but a visitor is sent to sign in and brought back. */
export async function requireAuthorOrSignIn(returnTo: string): Promise<AuthorIdentity> {
  const author = authorFromSession(await readSession())
  if (!author) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`)
  return author
}

export async function currentAuthor(): Promise<AuthorIdentity | null> {
  return authorFromSession(await readSession())
}
