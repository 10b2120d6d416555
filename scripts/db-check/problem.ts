/** One reason `npm run db:check` fails: the file at fault, the rule it breaks, and why. */
export type Problem = { file: string; rule: string; message: string }
