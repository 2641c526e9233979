/** The words a log line appends when a write's answer was lost and reading back settled it. */
export const CHECKED_APPLIED = 'the answer was lost, so the portal may have applied it; checked: it did';
