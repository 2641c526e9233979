/** A window's saved size, position and maximised flag. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A display's usable area. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The size the window opens with the first time. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

const MIN_VISIBLE = 120;

/**
 * Makes a saved window state safe to restore: unreadable data falls back to
 * the default, the size is clamped to the largest display, and a position
 * that would put the window (almost) off every display is dropped so the OS
 * centres it — a monitor unplugged since last time must not hide the app.
 */
export function restoreWindowState(saved: unknown, workAreas: WorkArea[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_WINDOW_STATE };
  const value = saved as Partial<Record<keyof WindowState, unknown>>;
  const number = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : undefined);
  const widest = Math.max(...workAreas.map((area) => area.width), 900);
  const tallest = Math.max(...workAreas.map((area) => area.height), 600);
  const state: WindowState = {
    width: Math.min(Math.max(number(value.width) ?? DEFAULT_WINDOW_STATE.width, 900), widest),
    height: Math.min(Math.max(number(value.height) ?? DEFAULT_WINDOW_STATE.height, 600), tallest),
    maximized: value.maximized === true,
  };
  const x = number(value.x);
  const y = number(value.y);
  if (x !== undefined && y !== undefined) {
    const visible = workAreas.some(
      (area) => x + state.width - MIN_VISIBLE > area.x && x + MIN_VISIBLE < area.x + area.width && y >= area.y - 10 && y + MIN_VISIBLE < area.y + area.height,
    );
    if (visible) {
      state.x = x;
      state.y = y;
    }
  }
  return state;
}
