const RU_SURNAME_INITIALS = /^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?([А-ЯЁ]\.?)?$/;
const RU_INITIALS_SURNAME = /^[А-ЯЁ]\.\s?([А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?$/;
const RU_FULL = /^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?(\s+[А-ЯЁ][а-яё]+){1,2}$/;
const EN_FULL = /^[A-Z][a-z']+(\s+[A-Z]\.)?(\s+[A-Z][a-z'-]+){1,2}$/;
const EN_INITIAL = /^[A-Z]\.\s?[A-Z][a-z'-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** True for text shaped like a person's name ("Иванов И.И.", "Анна Смирнова", "J. Smith") or an e-mail. */
export function looksLikePerson(text: string): boolean {
  const t = text.trim();
  return RU_SURNAME_INITIALS.test(t) || RU_INITIALS_SURNAME.test(t) || RU_FULL.test(t) || EN_FULL.test(t) || EN_INITIAL.test(t) || EMAIL.test(t);
}

/** True for text shaped like an organisation ("ООО «Ромашка»", "Acme Inc."). */
export function looksLikeCompany(text: string): boolean {
  return /(^|\s)(ООО|ОАО|ЗАО|ПАО|АО|ИП|НКО|ГУП|МУП|ФГУП|LLC|Inc\.?|Ltd\.?|GmbH|Corp\.?|LLP|PLC|S\.A\.|B\.V\.)(\s|$|[«"'])|[«»]/.test(text);
}
