/**
 * Content-Disposition with an ASCII fallback `filename` and the real (Chinese)
 * name as RFC 5987/6266 `filename*=UTF-8''…`, which every current browser and
 * Excel's download path prefer.
 */

/** RFC 5987 attr-char encoding: encodeURIComponent leaves ' ( ) * unescaped; they are not attr-chars. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Characters no file system accepts in a name, and control characters. */
const UNSAFE_FILENAME = /[\\/:*?"<>|\u0000-\u001f]/g;

export function contentDisposition(kind: 'inline' | 'attachment', asciiName: string, utf8Name: string): string {
  const fallback = asciiName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(utf8Name.replace(UNSAFE_FILENAME, '_'))}`;
}
