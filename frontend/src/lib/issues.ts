// The server explains field problems in English ("is required", "must be 150 to 200 words (it
// has 12)"). These patterns turn the ones it sends today into translated messages; anything
// else is shown as the server wrote it.

type Translate = (key: string, options?: Record<string, unknown>) => string;

interface Pattern {
  re: RegExp;
  key: string;
  /** names of the capture groups, in order */
  names?: string[];
}

const PATTERNS: Pattern[] = [
  { re: /^is required$/, key: 'required' },
  { re: /^must be (\d+) to (\d+) characters$/, key: 'chars_between', names: ['min', 'max'] },
  { re: /^must be at most (\d+) characters$/, key: 'chars_at_most', names: ['max'] },
  { re: /^must be (\d+) to (\d+) words \(it has (\d+)\)$/, key: 'words_between', names: ['min', 'max', 'n'] },
  { re: /^must be at most (\d+) words \(it has (\d+)\)$/, key: 'words_at_most', names: ['max', 'n'] },
  { re: /^is not a category of this edition$/, key: 'not_a_category' },
  { re: /^(\S+) is not a category of this edition$/, key: 'code_not_a_category', names: ['code'] },
  { re: /^(\S+) is already the nomination's category$/, key: 'code_is_category', names: ['code'] },
  { re: /^(\S+) is named twice$/, key: 'code_twice', names: ['code'] },
  { re: /^names at most (\d+) categories$/, key: 'too_many_categories', names: ['max'] },
  { re: /^must be an ISO 3166-1 alpha-2 code/, key: 'country' },
  { re: /^must name at least one goal$/, key: 'sdgs_none' },
  { re: /^goals are numbered 1 to 17$/, key: 'sdgs_range' },
  { re: /^names at most the 17 goals$/, key: 'sdgs_range' },
  { re: /^must not name a goal twice$/, key: 'sdgs_twice' },
  { re: /^must be an http or https address$/, key: 'website' },
  { re: /^must not be in the future$/, key: 'date_future' },
  { re: /^must be (\d{4}) or later$/, key: 'date_too_early', names: ['year'] },
  { re: /^must be an e-mail address$/, key: 'email' },
  { re: /^must be later than the edition's deadline$/, key: 'after_edition_deadline' },
];

export interface IssueKey {
  key: string;
  values: Record<string, string>;
}

/** The translation key (under `nomination.issues.`) of a server message, or null. */
export function issueKey(message: string): IssueKey | null {
  const text = message.trim();
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) {
      const values: Record<string, string> = {};
      (p.names ?? []).forEach((name, i) => (values[name] = m[i + 1]));
      return { key: `nomination.issues.${p.key}`, values };
    }
  }
  return null;
}

/** A server message in the UI language (numbers formatted with `formatNumber`). */
export function translateIssue(message: string, t: Translate, formatNumber: (n: number) => string = String): string {
  const k = issueKey(message);
  if (!k) return message;
  const values: Record<string, string> = {};
  for (const [name, v] of Object.entries(k.values)) values[name] = /^\d+$/.test(v) && name !== 'year' ? formatNumber(Number(v)) : v;
  return t(k.key, values);
}

/** Every known issue key (the locale test checks each is translated). */
export const ISSUE_KEYS = [...new Set(PATTERNS.map((p) => p.key))];
