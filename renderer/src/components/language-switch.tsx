import { useT } from '../i18n/use-t';
import type { Language } from '../i18n/translate';
import { useAppStore } from '../store/use-app-store';

const LANGUAGES: { code: Language; label: string }[] = [
  { code: 'en', label: 'EN' },
  { code: 'ru', label: 'RU' },
];

/** The EN/RU switch in the top bar; the choice is remembered. */
export function LanguageSwitch() {
  const t = useT();
  const setLanguage = useAppStore((state) => state.setLanguage);
  return (
    <div className="language-switch" role="radiogroup" aria-label={t('app.language')}>
      {LANGUAGES.map(({ code, label }) => (
        <button
          key={code}
          type="button"
          role="radio"
          aria-checked={t.language === code}
          className={t.language === code ? 'active' : ''}
          onClick={() => setLanguage(code)}
          data-testid={`language-${code}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
