import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Problem } from './problem'

/**
 * This project's squawk, pinned: the linux-x64 binary package itself, an
 * optional dependency. The `squawk-cli` wrapper lists a binary package for
 * every platform, and the registry these machines reach serves only
 * linux-x64's, so a lock file with the wrapper fails `npm ci` on a clean
 * clone. On another platform, install squawk-cli 2.66.0 yourself.
 */
function squawkBinary(): string {
  const require = createRequire(import.meta.url)
  try {
    return require.resolve(`@squawk-cli/${process.platform}-${process.arch}/bin/squawk`)
  } catch {
    const wrapper = path.resolve(import.meta.dirname, '../../node_modules/.bin/squawk')
    if (existsSync(wrapper)) return wrapper
    throw new Error(
      `squawk is not installed for ${process.platform}-${process.arch}: run \`npm install --no-save squawk-cli@2.66.0\``,
    )
  }
}

/** The migrations, and the contract steps written ahead of their release (docs/deploying.md). */
const SQL_FOLDERS = ['drizzle', 'drizzle-pending']

type SquawkViolation = {
  file: string
  line: number
  rule_name: string
  message: string
  help?: string
}

/**
 * squawk over every migration and pending contract step, with the tree's .squawk.toml: it excludes the
 * baseline (migrations released before squawk ran here) and sets the rules.
 */
export function checkSquawk(root: string): Problem[] {
  const files = SQL_FOLDERS.flatMap((folder) =>
    existsSync(path.join(root, folder))
      ? readdirSync(path.join(root, folder))
          .filter((f) => f.endsWith('.sql'))
          .sort()
          .map((f) => `${folder}/${f}`)
      : [],
  )
  if (files.length === 0) return []
  const run = spawnSync(
    squawkBinary(),
    ['--config', '.squawk.toml', '--reporter', 'json', ...files],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  let violations: SquawkViolation[]
  try {
    violations = JSON.parse(run.stdout || '[]') as SquawkViolation[]
  } catch {
    return [
      {
        file: '.squawk.toml',
        rule: 'squawk',
        message: `squawk did not run (exit ${run.status}): ${run.error?.message ?? run.stderr}`,
      },
    ]
  }
  return violations.map((v) => ({
    // squawk counts lines from 0.
    file: `${v.file}:${v.line + 1}`,
    rule: `squawk/${v.rule_name}`,
    message: v.help ? `${v.message} ${v.help}` : v.message,
  }))
}
