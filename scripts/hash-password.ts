/**
 * Prints a bcrypt hash of a password, ready to paste into .env.local as
 * AUTHOR_PASSWORD_HASH. Next expands "$" in .env files, so each one is escaped.
 * Usage: npm run hash-password            (prompts, input hidden)
 *        npm run hash-password -- 'secret'
 */
import bcrypt from 'bcryptjs'
import { createInterface } from 'node:readline'

async function ask(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
      .toString()
      .replace(/\r?\n$/, '')
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput
  ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith('Password')) write.call(rl, s)
  }
  const answer = await new Promise<string>((resolve) => rl.question('Password: ', resolve))
  rl.close()
  process.stdout.write('\n')
  return answer
}

const password = process.argv[2] ?? (await ask())
if (password.length < 12) {
  console.error('Use a password of at least 12 characters.')
  process.exit(1)
}
const hash = await bcrypt.hash(password, 12)
console.log(`AUTHOR_PASSWORD_HASH=${hash.replaceAll('$', '\\$')}`)
