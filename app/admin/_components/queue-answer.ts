import type { ActionState } from '@/app/_lib/author-action'

/**
 * What a move of /admin answers (app/_actions/moderation.ts): the sentence for
 * the queue's live region, and the rows it moved, which stay in place as one
 * line ("Approved · Undo") until the author moves on.
 */
export type QueueAnswer = ActionState & {
  /** When the server answered: of two answers about one row, the later wins. */
  at?: number
  moved?: {
    ids: number[]
    /** "Approved", "Trusted example.com", "Undone". */
    label: string
    /** The signed Undo plan (lib/moderation/undo.ts), handed back by "Undo". */
    undo?: string
    /** An Undo: the rows show in full again. */
    undone?: boolean
    /** An edit: the row stays open with its new words, the line above it. */
    keepOpen?: boolean
  }
}

export const NO_ANSWER: QueueAnswer = { message: '', error: false }
