// Judging rounds: types and calls for the judge workspace and the organiser's round pages.
import { api } from './api';

const enc = encodeURIComponent;

export interface Criterion {
  key: string;
  label: string;
  weight: number;
  min: number;
  max: number;
}

export type RoundStatus = 'draft' | 'open' | 'closed';
export type AssignmentStatus = 'pending' | 'scored' | 'conflict';

export interface AssignmentNomination {
  id: string;
  reference: string;
  category: string;
  category_name: string;
  action_line: string;
  title: string;
  summary: string;
  description: string;
  impact: string;
  partnerships: string;
  challenges: string;
  organization: string | null;
  website: string | null;
  stakeholder_type: string;
  country: string;
  sdgs: number[];
  project_start: string | null;
  project_status: string | null;
}

export interface MyScore {
  scores: Record<string, number>;
  total: number;
  comment: string;
  updated_at: string;
}

export interface Assignment {
  round_id: string;
  round_name: string;
  round_status: 'open' | 'closed';
  blind: boolean;
  criteria: Criterion[];
  status: AssignmentStatus;
  nomination: AssignmentNomination;
  my_score: MyScore | null;
}

export interface ScoreSaved {
  round_id: string;
  nomination_id: string;
  scores: Record<string, number>;
  total: number;
  comment: string;
  updated_at: string;
}

export interface AssignmentReport {
  category: string;
  nominations: number;
  eligible_judges: number;
  wanted: number;
  message: string;
}

export interface Round {
  id: string;
  edition_year: number;
  position: number;
  name: string;
  status: RoundStatus;
  criteria: Criterion[];
  judges_per_nomination: number;
  advance_per_category: number;
  blind: boolean;
  scale: [number, number];
  assignment_report: AssignmentReport[];
  opened_at: string | null;
  closed_at: string | null;
  version: number;
}

export interface NewRound {
  name: string;
  judges_per_nomination: number;
  advance_per_category: number;
  blind: boolean;
  criteria?: Criterion[];
}

export interface JudgeAccount {
  id: string;
  email: string;
  display_name: string;
  organization: string | null;
}

export interface PanelMember {
  account_id: string;
  display_name: string;
  email: string;
  organization: string | null;
  categories: string[];
}

export interface Counts {
  scored: number;
  pending: number;
  conflict: number;
}

export interface RoundProgress {
  round_id: string;
  totals: Counts;
  judges: (Counts & { judge_id: string; display_name: string })[];
  categories: (Counts & { code: string; name: string; nominations: number })[];
}

export interface RankedNomination {
  nomination_id: string;
  title: string;
  organization: string | null;
  score: number;
  calibrated: number;
  uncertainty: number;
  judges: number;
  spread: number;
  std_dev: number;
  rank: number;
  tied: boolean;
  indistinguishable_from_next: boolean;
  advanced: boolean;
  tie_at_cutoff: boolean;
}

export interface RoundResults {
  round_id: string;
  status: RoundStatus;
  provisional: boolean;
  categories: { category: string; name: string; ranking: RankedNomination[] }[];
}

/** Scored / total and the share in whole percent (for a bar-w-N class). */
export function progressOf(items: { status: AssignmentStatus }[]): { scored: number; total: number; pct: number } {
  const total = items.length;
  const scored = items.filter((a) => a.status === 'scored').length;
  return { scored, total, pct: total === 0 ? 0 : Math.round((scored / total) * 100) };
}

/** Assignments grouped by round, in the order the rounds first appear. */
export function groupByRound(items: Assignment[]): { round_id: string; round_name: string; round_status: string; items: Assignment[] }[] {
  const groups = new Map<string, { round_id: string; round_name: string; round_status: string; items: Assignment[] }>();
  for (const a of items) {
    let g = groups.get(a.round_id);
    if (!g) {
      g = { round_id: a.round_id, round_name: a.round_name, round_status: a.round_status, items: [] };
      groups.set(a.round_id, g);
    }
    g.items.push(a);
  }
  return [...groups.values()];
}

/** Bar length in whole percent of `max` (at least 1 % for a non-zero value). */
export function barPct(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(100, Math.max(1, Math.round((value / max) * 100)));
}

export const judgeApi = {
  async assignments(): Promise<Assignment[]> {
    return (await api.get<Assignment[]>('/me/assignments')).data ?? [];
  },
  async score(round: string, nomination: string, body: { scores: Record<string, number>; comment: string }): Promise<ScoreSaved> {
    return (await api.put<ScoreSaved>(`/rounds/${enc(round)}/scores/${enc(nomination)}`, body)).data;
  },
  async conflict(round: string, nomination: string, reason: string): Promise<{ nomination_id: string; status: string; reassigned: boolean }> {
    return (await api.post<{ nomination_id: string; status: string; reassigned: boolean }>(`/rounds/${enc(round)}/conflicts/${enc(nomination)}`, { reason })).data;
  },
};

export const roundsApi = {
  async list(year: string | number): Promise<Round[]> {
    return (await api.get<Round[]>(`/editions/${enc(String(year))}/rounds`)).data ?? [];
  },
  async get(id: string): Promise<Round> {
    return (await api.get<Round>(`/rounds/${enc(id)}`)).data;
  },
  async create(year: string | number, body: NewRound): Promise<Round> {
    return (await api.post<Round>(`/editions/${enc(String(year))}/rounds`, body)).data;
  },
  async judges(): Promise<JudgeAccount[]> {
    return (await api.get<JudgeAccount[]>('/accounts?role=judge')).data ?? [];
  },
  async panel(id: string): Promise<PanelMember[]> {
    return (await api.get<PanelMember[]>(`/rounds/${enc(id)}/panel`)).data ?? [];
  },
  async setPanel(id: string, judges: { account_id: string; categories?: string[] }[]): Promise<PanelMember[]> {
    return (await api.put<PanelMember[]>(`/rounds/${enc(id)}/panel`, { judges })).data ?? [];
  },
  async open(id: string): Promise<Round> {
    return (await api.post<Round>(`/rounds/${enc(id)}/open`)).data;
  },
  async close(id: string): Promise<Round> {
    return (await api.post<Round>(`/rounds/${enc(id)}/close`)).data;
  },
  async progress(id: string): Promise<RoundProgress> {
    return (await api.get<RoundProgress>(`/rounds/${enc(id)}/progress`)).data;
  },
  async results(id: string): Promise<RoundResults> {
    return (await api.get<RoundResults>(`/rounds/${enc(id)}/results`)).data;
  },
};
