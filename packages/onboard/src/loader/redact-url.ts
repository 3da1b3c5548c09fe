/** A URL with its password (and any token-like query parameter) removed, safe to print or store. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|token|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparseable url>';
  }
}
