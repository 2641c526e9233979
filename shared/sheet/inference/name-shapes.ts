const RU_SURNAME_INITIALS = /^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?([А-ЯЁ]\.?)?$/;
const RU_INITIALS_SURNAME = /^[А-ЯЁ]\.\s?([А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?$/;
const RU_FULL = /^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?(\s+[А-ЯЁ][а-яё]+){1,2}$/;
const EN_FULL = /^[A-Z][a-z']+(\s+[A-Z]\.)?(\s+[A-Z][a-z'-]+){1,2}$/;
const EN_INITIAL = /^[A-Z]\.\s?[A-Z][a-z'-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

// Words of job titles, teams and places that take a name's shape ("Data Engineer", "Отдел Продаж").
const NOT_NAME_WORDS = new Set(
  (
    'engineer developer manager lead executive analyst designer director officer assistant specialist consultant architect administrator ' +
    'coordinator representative support sales account data product project marketing senior junior head chief intern team department office ' +
    'group center centre service customer desk accountant recruiter partner operations finance legal security qa devops frontend backend ' +
    'fullstack scientist writer editor technician operator agent advisor owner member staff board committee ' +
    'менеджер инженер разработчик бухгалтер специалист директор руководитель аналитик дизайнер отдел группа служба склад офис юрист ' +
    'оператор консультант помощник ассистент администратор начальник заместитель стажер водитель курьер мастер'
  ).split(' '),
);

/** True for text shaped like a person's name ("Иванов И.И.", "Анна Смирнова", "J. Smith") or an e-mail. */
export function looksLikePerson(text: string): boolean {
  const t = text.trim();
  if (EMAIL.test(t)) return true;
  const named = RU_SURNAME_INITIALS.test(t) || RU_INITIALS_SURNAME.test(t) || RU_FULL.test(t) || EN_FULL.test(t) || EN_INITIAL.test(t);
  return named && !t.split(/\s+/).some((word) => NOT_NAME_WORDS.has(word.toLowerCase().replace(/ё/g, 'е')));
}

/** True for a code with no spaces and at least one digit ("a3f9c2e1", "RB304118000RU", "Д-2025/017"). */
export function looksLikeCode(text: string): boolean {
  const t = text.trim();
  return t.length >= 4 && t.length <= 40 && /\d/.test(t) && /^[\p{L}\p{N}]+([-_/.#№:][\p{L}\p{N}]+)*$/u.test(t);
}

/** True for text shaped like an organisation ("ООО «Ромашка»", "Acme Inc."). */
export function looksLikeCompany(text: string): boolean {
  return /(^|\s)(ООО|ОАО|ЗАО|ПАО|АО|ИП|НКО|ГУП|МУП|ФГУП|LLC|Inc\.?|Ltd\.?|GmbH|Corp\.?|LLP|PLC|S\.A\.|B\.V\.)(\s|$|[«"'])|[«»]/.test(text);
}
