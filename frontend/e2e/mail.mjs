// The mail the server wrote: under MAIL_DIR (the server's setting, given to the journeys too)
// each message is an .eml file; a journey reads the messages to an address and follows their links.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, until } from './lib.mjs';

/** Where the server writes its messages as .eml files (MAIL_DIR, as the server has it). */
export const MAIL_DIR = process.env.MAIL_DIR || '';

/** A message's text: its text/plain part, decoded (base64, quoted-printable or as is). */
function mailText(raw) {
  const decode = (headers, body) => {
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  };
  const split = (part) => {
    const at = part.search(/\r?\n\r?\n/);
    return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at).replace(/^\r?\n\r?\n/, '')];
  };
  const [headers, body] = split(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (!boundary) return decode(headers, body);
  const parts = body.split(`--${boundary}`).map(split);
  const plain = parts.find(([h]) => /content-type:\s*text\/plain/i.test(h)) ?? parts.find(([h]) => /content-type:/i.test(h));
  return plain ? decode(...plain) : '';
}

/** The texts of the messages the server has written to `address` (under MAIL_DIR), oldest first. */
export function mailTo(address) {
  assert(MAIL_DIR, 'MAIL_DIR is not set: give the journeys the directory the server writes its messages to');
  const out = [];
  for (const name of readdirSync(MAIL_DIR).filter((n) => n.endsWith('.eml'))) {
    const raw = readFileSync(join(MAIL_DIR, name), 'utf8');
    const headers = raw.slice(0, raw.search(/\r?\n\r?\n/));
    const to = /^To:(.*(?:\r?\n[ \t].*)*)/im.exec(headers)?.[1] ?? '';
    if (!to.toLowerCase().includes(address.toLowerCase())) continue;
    out.push({ date: Date.parse(/^Date:\s*(.*)$/im.exec(headers)?.[1] ?? '') || 0, text: mailText(raw) });
  }
  return out.sort((a, b) => a.date - b.date).map((m) => m.text);
}

/** Waits for the address confirmation message to `address`; returns its link's path and query (/confirm?token=…). */
export function confirmationPath(address) {
  return until(() => {
    for (const text of mailTo(address).reverse()) {
      const m = /https?:\/\/[^\s/]+(\/confirm\?token=[\w-]+)/.exec(text);
      if (m) return m[1];
    }
    return null;
  }, `the confirmation message to ${address} in ${MAIL_DIR}`, 30_000);
}
