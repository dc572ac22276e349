// The light/dark switch in the header (the choice itself is kept by ../theme.ts).
import { useState } from 'react';
import { saveTheme, storedTheme, systemTheme, type ThemeChoice } from '../theme';

export function useTheme(): { theme: ThemeChoice; toggleTheme(): void } {
  const [theme, setTheme] = useState<ThemeChoice>(() => storedTheme() ?? systemTheme());
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    saveTheme(next);
    setTheme(next);
  };
  return { theme, toggleTheme };
}

export function ThemeToggle() {
  const { theme, toggleTheme } = useTheme();
  return (
    <button type="button" className="icon-button" onClick={toggleTheme} aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
