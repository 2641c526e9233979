// Reading contact cells is pure sheet work: the plan groups contacts with it before any portal is asked.

/** How a contact cell names its contact: an e-mail, a phone, or a person's name (`Name <mail>` carries both). */
export type ContactValue = { kind: 'email'; email: string; name?: string } | { kind: 'phone'; phone: string; name?: string } | { kind: 'name'; name: string };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[\d\s().-]{6,}(?:\s*(?:доб|ext|#)\.?\s*\d+)?$/i;

/** Reads a contact cell value. */
export function contactValue(raw: string): ContactValue {
  const value = raw.trim();
  const angled = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (angled && EMAIL.test(angled[2]!.trim())) {
    const name = angled[1]!.replace(/^["'«]|["'»]$/g, '').trim();
    return { kind: 'email', email: angled[2]!.trim(), ...(name ? { name } : {}) };
  }
  if (EMAIL.test(value)) return { kind: 'email', email: value };
  if (PHONE.test(value) && phoneDigits(value).length >= 6) return { kind: 'phone', phone: value };
  return { kind: 'name', name: value };
}

/** A phone's digits without an extension, last 10 (so `+7 912…` and `8 912…` compare equal). */
export function phoneDigits(value: string): string {
  const main = value.split(/(?:доб|ext|#|,)/i)[0] ?? value;
  return main.replace(/\D/g, '').slice(-10);
}

/** What makes two contact cells the same contact: the e-mail (any case), the phone's digits, else the name. */
export function contactIdentity(value: string): string {
  const parsed = contactValue(value);
  if (parsed.kind === 'email') return `email:${parsed.email.toLowerCase()}`;
  if (parsed.kind === 'phone') return `phone:${phoneDigits(parsed.phone)}`;
  return `name:${parsed.name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ')}`;
}

/**
 * Contact values grouped by identity, so `Name <a@b.ru>` and `a@b.ru` make
 * one contact; the first value that carries a name speaks for its group.
 */
export function contactGroups(values: readonly string[]): Array<{ representative: string; values: string[] }> {
  const groups = new Map<string, string[]>();
  for (const value of values) {
    const key = contactIdentity(value);
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  return [...groups.values()].map((group) => ({ representative: group.find((value) => 'name' in contactValue(value)) ?? group[0]!, values: group }));
}
