/** The app's mark: three kanban columns. */
export function AppMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <rect x="12" y="14" width="11" height="36" rx="3" fill="#fff" opacity=".95" />
      <rect x="26.5" y="14" width="11" height="26" rx="3" fill="#fff" opacity=".8" />
      <rect x="41" y="14" width="11" height="18" rx="3" fill="#fff" opacity=".65" />
    </svg>
  );
}

/** A spreadsheet sheet with an arrow: "bring a file in". */
export function FileIcon({ size = 56 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 56 56" fill="none" aria-hidden="true">
      <path d="M14 6h19l11 11v31a2 2 0 0 1-2 2H14a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2Z" fill="#fff" stroke="currentColor" strokeWidth="2.5" />
      <path d="M33 6v9a2 2 0 0 0 2 2h9" stroke="currentColor" strokeWidth="2.5" />
      <path d="M18 27h20M18 34h20M18 41h20M26 24v20" stroke="currentColor" strokeWidth="2" opacity=".45" />
    </svg>
  );
}

/** A warning triangle. */
export function AlertIcon({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path d="M12 3 2 21h20L12 3Z" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M12 10v5M12 18v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
