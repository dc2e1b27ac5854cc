/** Value formats that the server's validation and the web forms must judge identically. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,29}$/;

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
