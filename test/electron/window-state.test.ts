import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, restoreWindowState } from '../../electron/main/window-state';

const laptop = [{ x: 0, y: 0, width: 1440, height: 900 }];

describe('restoreWindowState', () => {
  it('restores a window that is on screen', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1200, height: 700, maximized: true }, laptop)).toEqual({ x: 100, y: 80, width: 1200, height: 700, maximized: true });
  });

  it('drops the position of a window left on a monitor that is gone', () => {
    expect(restoreWindowState({ x: 2500, y: 100, width: 1200, height: 700, maximized: false }, laptop)).toEqual({ width: 1200, height: 700, maximized: false });
  });

  it('clamps a size larger than any display and smaller than the minimum', () => {
    expect(restoreWindowState({ width: 5000, height: 100, maximized: false }, laptop)).toEqual({ width: 1440, height: 600, maximized: false });
  });

  it('falls back to the default for unreadable state', () => {
    expect(restoreWindowState('garbage', laptop)).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState({ width: 'wide', height: null }, laptop)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
