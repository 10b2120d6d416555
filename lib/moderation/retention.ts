/** How long a deleted submission can be restored; after that it is purged. */
export const RESTORE_WINDOW_DAYS = 30
