// Judging rounds: types and calls for the judge workspace and the organiser's round pages.
import { api, type Account, type Schemas } from './api';

const enc = encodeURIComponent;

export type Criterion = Schemas['CriterionSpec'];
/** The nomination as an assigned judge sees it (nothing of the nominator's in a blind round). */
export type AssignmentNomination = Schemas['JudgeNominationBody'];
export type MyScore = Schemas['MyScore'];
/** One nomination to score, with its round and the judge's sheet so far. */
export type Assignment = Schemas['MyAssignment'];
export type ScoreSaved = Schemas['ScoreBody'];

/**
 * A constraint the automatic assignment could not meet. The server's document types the report
 * only as a list of objects, so this is the one round type written here (as `report_json` builds it).
 */
export interface AssignmentReport {
  category: string;
  nominations: number;
  eligible_judges: number;
  wanted: number;
  message: string;
}

export type Round = Omit<Schemas['RoundBody'], 'assignment_report'> & { assignment_report: AssignmentReport[] };
export type NewRound = Schemas['CreateRoundBody'];
export type JudgeAccount = Account;
export type PanelMember = Schemas['PanelMemberBody'];
export type Counts = Schemas['Counts'];
export type RoundProgress = Schemas['ProgressBody'];
export type RankedNomination = Schemas['ResultRow'];
export type RoundResults = Schemas['RoundResults'];

/** Scored / total and the share in whole percent (for a bar-w-N class). */
export function progressOf(items: Pick<Assignment, 'status'>[]): { scored: number; total: number; pct: number } {
  const total = items.length;
  const scored = items.filter((a) => a.status === 'scored').length;
  return { scored, total, pct: total === 0 ? 0 : Math.round((scored / total) * 100) };
}

/** A round's assignments. */
export interface RoundGroup extends Pick<Assignment, 'round_id' | 'round_name' | 'round_status'> {
  items: Assignment[];
}

/** Assignments grouped by round, in the order the rounds first appear. */
export function groupByRound(items: Assignment[]): RoundGroup[] {
  const groups = new Map<string, RoundGroup>();
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
  async score(round: string, nomination: string, body: Schemas['ScoreSheet']): Promise<ScoreSaved> {
    return (await api.put<ScoreSaved>(`/rounds/${enc(round)}/scores/${enc(nomination)}`, body)).data;
  },
  async conflict(round: string, nomination: string, reason: string): Promise<Schemas['RecusalBody']> {
    return (await api.post<Schemas['RecusalBody']>(`/rounds/${enc(round)}/conflicts/${enc(nomination)}`, { reason })).data;
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
  async setPanel(id: string, judges: Schemas['PanelBody']['judges']): Promise<PanelMember[]> {
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
