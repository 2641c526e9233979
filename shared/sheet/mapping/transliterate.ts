const RU: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

/**
 * Russian (and Ukrainian) letters to Latin, the way a person would spell a
 * header in Latin letters (`Дата подписания` → `Data podpisaniya`). Other
 * characters pass through unchanged; case is kept for the first letter.
 */
export function transliterate(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const latin = RU[lower];
    if (latin === undefined) out += char;
    else out += char !== lower ? latin.charAt(0).toUpperCase() + latin.slice(1) : latin;
  }
  return out;
}
