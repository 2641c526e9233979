import type { MessageKey } from '../../i18n/messages-en';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { setDefaultUser, setUser } from './mapping-edits';

/** Each person named in the sheet, the portal user they become, and the default for the rest. */
export function PeoplePanel() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const activePortalId = useAppStore((state) => state.activePortalId);
  const editMapping = useAppStore((state) => state.editMapping);
  const matchPeople = useAppStore((state) => state.matchPeople);
  const showView = useAppStore((state) => state.showView);
  if (review.status !== 'ready') return null;
  const { mapping, suggestion } = review;
  const values = Object.keys(mapping.users);
  const users = suggestion.users;
  const howByValue = new Map(suggestion.userMatches.map((match) => [match.value, match.how]));

  if (values.length === 0) return <div className="review-panel muted" data-testid="people-panel">{t('people.none')}</div>;

  return (
    <div className="review-panel" data-testid="people-panel">
      <p className="muted">{t('people.lead')}</p>
      {users.length === 0 && (
        <div className="notice">
          <span>{t('people.noPortal')}</span>
          {activePortalId ? (
            <button type="button" className="button" onClick={() => void matchPeople()} data-testid="match-people">
              {t('people.match')}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => showView('connect')}>
              {t('people.connect')}
            </button>
          )}
        </div>
      )}
      <table className="fields-table people-table">
        <thead>
          <tr>
            <th>{t('people.value')}</th>
            <th>{t('people.user')}</th>
            <th>{t('people.how')}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((value) => {
            const userId = mapping.users[value] ?? null;
            const how = howByValue.get(value) ?? 'none';
            const manual = suggestion.mapping.users[value] !== userId;
            return (
              <tr key={value} className={userId === null ? 'unmatched' : ''} data-testid="person-row" data-matched={userId !== null}>
                <td>{value}</td>
                <td>
                  <select
                    className="select"
                    value={userId ?? ''}
                    disabled={users.length === 0}
                    aria-label={`${t('people.user')}: ${value}`}
                    onChange={(event) => editMapping((m) => setUser(m, value, event.currentTarget.value === '' ? null : Number(event.currentTarget.value)))}
                    data-testid="person-user"
                  >
                    <option value="">{t('people.unmatched')}</option>
                    {users.map((user) => (
                      <option key={user.id} value={user.id}>
                        {user.name}
                        {user.email ? ` <${user.email}>` : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="muted-inline">{manual ? t('people.how.manual') : t(`people.how.${how}` as MessageKey)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="default-user">
        <span className="field-label">{t('people.default')}</span>
        <select className="select" value={mapping.defaultUserId ?? ''} onChange={(event) => editMapping((m) => setDefaultUser(m, event.currentTarget.value === '' ? null : Number(event.currentTarget.value)))} data-testid="default-user">
          <option value="">{t('people.webhookOwner')}</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
