import type { Category } from './api';

export interface CategoryGroup {
  actionLine: string;
  categories: Category[];
}

/** Categories in number order, grouped by action line (C7 holds its eight sub-lines). */
export function groupByActionLine(categories: Category[]): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const c of [...categories].sort((a, b) => a.number - b.number)) {
    const last = groups[groups.length - 1];
    if (last && last.actionLine === c.action_line) last.categories.push(c);
    else groups.push({ actionLine: c.action_line, categories: [c] });
  }
  return groups;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A category's name in the UI language (the server's name when there is no translation). */
export function categoryName(code: string, serverName: string | null | undefined, t: Translate, hasKey: (key: string) => boolean): string {
  const key = `categories.names.${code}`;
  return hasKey(key) ? t(key) : (serverName ?? code);
}
