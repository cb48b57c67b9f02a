const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>"'()]+/gi;
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The http(s) links of a message, HTML `href`s first, then bare URLs from the text part, without
 * duplicates. The web view lists them outside the sandboxed iframe so they can be opened in place.
 */
export function extractLinks(html: string, text: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(HREF)) {
    found.add(decodeEntities((match[1] ?? match[2] ?? '').trim()));
  }
  for (const match of text.matchAll(BARE_URL)) {
    found.add(match[0].replace(/[.,;:!?]+$/, ''));
  }
  return [...found].filter(isHttpUrl);
}

function decodeEntities(value: string): string {
  return value.replace(ENTITY, (entity, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? entity;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
