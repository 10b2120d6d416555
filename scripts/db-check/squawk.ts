import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { Problem } from './problem'

/** This project's squawk (npm squawk-cli, pinned), whichever tree is checked. */
const SQUAWK = path.resolve(import.meta.dirname, '../../node_modules/.bin/squawk')

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
  const run = spawnSync(SQUAWK, ['--config', '.squawk.toml', '--reporter', 'json', ...files], {
    cwd: root,
    encoding: 'utf8',
  })
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
