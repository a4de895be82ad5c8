//! Automatic, balanced assignment of judges to nominations.
//!
//! A judge may judge a nomination when the nomination's category is on the judge's panel (or
//! the judge judges every category), the two organisations differ, the judge's e-mail domain is
//! not one of the nomination's (public mail providers such as gmail.com never count as an
//! organisation) and nobody declared a conflict between them ([`eligible`]). Every nomination
//! should get `per_nomination` distinct eligible judges and the work should be spread evenly.
//!
//! Judges have no capacity limit, so giving every nomination as many judges as it can have is
//! never in question: a nomination gets `min(k, eligible judges)`. The whole problem is the
//! balance. The plan is built in two steps:
//!
//! 1. **Greedy in random order.** Nominations that have no choice (at most `k` eligible judges)
//!    take all of them first, so the forced load is known; the others come in a seeded random
//!    order and each takes its missing judges from its least-loaded eligible judges (ties broken
//!    at random). A random order interleaves categories, so judges on narrow panels receive
//!    work as it comes instead of being left for the end; "most constrained first", the usual
//!    order when judges have capacities, buys nothing here (coverage is never at risk) and in
//!    measurements left far more imbalance to repair (loads 13..160 instead of 149..151 on the
//!    benchmark instance).
//! 2. **Repair by load-reducing paths.** The greedy result is close to balanced but not always
//!    optimal. A *load-reducing path* runs from a judge with load `L` to a judge with load
//!    `≤ L − 2` through moves "nomination n goes from judge A to judge B" (B eligible for n and
//!    not already on it): applying it lowers the first load by one, raises the last by one and
//!    leaves everyone in between unchanged. One breadth-first search finds such a path from the
//!    most loaded judges (each judge labelled with the highest load that can reach it); paths are
//!    applied until none is left. With no load-reducing path the loads are optimal — they
//!    minimise the sum of squared loads and, with it, the maximum load (the optimality condition
//!    of semi-matchings, Harvey et al. 2006, and of the equivalent convex-cost flow). In words:
//!    two judges differ by more than one only when no chain of allowed moves could take work from
//!    the busier one to the other.
//!
//! Why not a min-cost flow as HotCRP does? It yields the same optimum, but a generic
//! successive-shortest-path flow over 10,000 × 200 eligibility edges needs one shortest-path
//! search per assigned seat (30,000 of them) and runs for seconds; the greedy start leaves only
//! a few dozen paths to find (each search stops at the first path), so the plan for 10,000
//! nominations × 200 judges takes about 40 ms, with the same optimality certificate.
//!
//! Kept assignments (re-planning without losing finished work) count toward `k` and toward the
//! judge's load and are never moved; one that is no longer eligible (panel changed, conflict
//! declared) is dropped and reported in [`Plan::dropped`]. Every nomination that gets fewer than
//! `k` judges is reported in a per-category [`Shortfall`]: never fewer than possible, never
//! silently.
//!
//! The plan is deterministic: the same input and seed give the same plan. The random tie-breaks
//! come from a SplitMix64 generator written out here rather than `rand`'s `StdRng`, whose
//! algorithm `rand` does not promise to keep across versions — a published seed must reproduce
//! the same plan after a dependency upgrade.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

/// A nomination to be judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nomination {
    /// The nomination's id.
    pub id: Uuid,
    /// Its category code, e.g. `C9`.
    pub category: String,
    /// The nominating organisation's name.
    pub organization: String,
    /// E-mail domains of the nominator account and the contact e-mail.
    pub email_domains: Vec<String>,
}

/// A judge on the round's panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judge {
    /// The judge's account id.
    pub id: Uuid,
    /// Category codes the judge judges; `None` = every category.
    pub categories: Option<Vec<String>>,
    /// The judge's organisation (may be empty).
    pub organization: String,
    /// The domain of the judge's e-mail address.
    pub email_domain: String,
}

/// Everything the planner needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The nominations of the round (a repeated id counts once).
    pub nominations: Vec<Nomination>,
    /// The panel (a repeated id counts once).
    pub judges: Vec<Judge>,
    /// Judges wanted per nomination (`k`).
    pub per_nomination: usize,
    /// Declared conflicts as (nomination, judge).
    pub conflicts: HashSet<(Uuid, Uuid)>,
    /// Existing assignments (nomination, judge) to keep when re-planning.
    pub keep: Vec<(Uuid, Uuid)>,
    /// Seed of the random tie-breaks.
    pub seed: u64,
}

/// A category where some nominations got fewer judges than wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The category code.
    pub category: String,
    /// How many of its nominations got fewer than `wanted` judges.
    pub nominations: usize,
    /// The fewest eligible judges any of those nominations has (each got all of its own).
    pub eligible_judges: usize,
    /// Judges wanted per nomination.
    pub wanted: usize,
    /// A sentence for organisers, e.g. `C9: 3 nominations have only 1 eligible judge (3 wanted)`.
    pub message: String,
}

/// The result of planning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Every assignment (nomination, judge), the kept ones included, grouped by nomination in
    /// input order.
    pub assignments: Vec<(Uuid, Uuid)>,
    /// Every category where some nominations got fewer than `per_nomination` judges, by code.
    pub shortfalls: Vec<Shortfall>,
    /// Number of assignments per judge, every judge of the panel included (0 too).
    pub loads: BTreeMap<Uuid, usize>,
    /// Pairs of `keep` that were not kept: no longer eligible, or naming a nomination or judge
    /// that is not in the input. The caller should delete them.
    pub dropped: Vec<(Uuid, Uuid)>,
}

/// Domains of public mail providers: sharing one says nothing about a shared organisation.
/// Sorted, for binary search.
const PUBLIC_MAIL_PROVIDERS: [&str; 48] = [
    "126.com",
    "139.com",
    "163.com",
    "aol.com",
    "fastmail.com",
    "free.fr",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.fr",
    "icloud.com",
    "inbox.ru",
    "laposte.net",
    "libero.it",
    "list.ru",
    "live.com",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "naver.com",
    "orange.fr",
    "outlook.com",
    "outlook.fr",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "rambler.ru",
    "rediffmail.com",
    "sina.com",
    "t-online.de",
    "tutanota.com",
    "web.de",
    "ya.ru",
    "yahoo.co.in",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
];

/// Normalises an organisation name for comparison: lower case, punctuation and symbols removed,
/// runs of white space collapsed to one space, trimmed. `"  U.N.  Development\tProgramme "`
/// becomes `"un development programme"`.
pub fn normalize_organization(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let before = out.len();
        out.extend(word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase));
        if out.len() == before {
            out.truncate(start);
        }
    }
    out
}

/// A domain for comparison: trimmed, lower case, without a leading `@` or trailing dot; empty
/// when it is a public mail provider (which never identifies an organisation).
fn organisation_domain(s: &str) -> String {
    let d = s.trim().trim_start_matches('@').trim_end_matches('.').to_lowercase();
    if PUBLIC_MAIL_PROVIDERS.binary_search(&d.as_str()).is_ok() { String::new() } else { d }
}

/// Whether judge `j` may judge nomination `n`: the category is on the judge's panel (or the
/// judge has none), the normalised organisation names differ (an empty name never matches), the
/// judge's e-mail domain is not one of the nomination's (public mail providers never match) and
/// `(n.id, j.id)` is not a declared conflict.
pub fn eligible(n: &Nomination, j: &Judge, conflicts: &HashSet<(Uuid, Uuid)>) -> bool {
    let category = j.categories.as_ref().is_none_or(|cats| cats.contains(&n.category));
    let org = normalize_organization(&n.organization);
    let same_org = !org.is_empty() && org == normalize_organization(&j.organization);
    let domain = organisation_domain(&j.email_domain);
    let same_domain = !domain.is_empty() && n.email_domains.iter().any(|d| organisation_domain(d) == domain);
    category && !same_org && !same_domain && !conflicts.contains(&(n.id, j.id))
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator whose output is fixed forever.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2⁻⁵⁰ for our `n`).
    fn below(&mut self, n: u32) -> u32 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u32
    }
}

/// Interns strings to small integers; the empty string is never interned.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: String) -> Option<u32> {
        if s.is_empty() {
            return None;
        }
        let next = self.0.len() as u32;
        Some(*self.0.entry(s).or_insert(next))
    }
}

/// The input compiled to indices, with each nomination's eligible judges.
struct Compiled<'a> {
    nominations: Vec<&'a Nomination>,
    judges: Vec<&'a Judge>,
    nom_index: HashMap<Uuid, u32>,
    judge_index: HashMap<Uuid, u32>,
    /// Eligible judges of nomination `n`: `eligible[start[n]..start[n + 1]]`, in panel order.
    start: Vec<usize>,
    eligible: Vec<u32>,
}

impl Compiled<'_> {
    fn eligible_of(&self, n: usize) -> &[u32] {
        &self.eligible[self.start[n]..self.start[n + 1]]
    }

    fn is_eligible(&self, n: usize, j: u32) -> bool {
        self.eligible_of(n).binary_search(&j).is_ok()
    }
}

fn compile(input: &Input) -> Compiled<'_> {
    let mut nom_index = HashMap::with_capacity(input.nominations.len());
    let mut nominations = Vec::with_capacity(input.nominations.len());
    for n in &input.nominations {
        if let Entry::Vacant(slot) = nom_index.entry(n.id) {
            slot.insert(nominations.len() as u32);
            nominations.push(n);
        }
    }
    let mut judge_index = HashMap::with_capacity(input.judges.len());
    let mut judges = Vec::with_capacity(input.judges.len());
    for j in &input.judges {
        if let Entry::Vacant(slot) = judge_index.entry(j.id) {
            slot.insert(judges.len() as u32);
            judges.push(j);
        }
    }

    // categories, organisations and domains as small integers
    let mut categories: HashMap<&str, usize> = HashMap::new();
    let nom_category: Vec<usize> = nominations
        .iter()
        .map(|n| {
            let next = categories.len();
            *categories.entry(n.category.as_str()).or_insert(next)
        })
        .collect();
    let mut panel: Vec<Vec<u32>> = vec![Vec::new(); categories.len()];
    for (ji, j) in judges.iter().enumerate() {
        match &j.categories {
            None => panel.iter_mut().for_each(|p| p.push(ji as u32)),
            Some(cats) => {
                let mut mine: Vec<usize> =
                    cats.iter().filter_map(|c| categories.get(c.as_str()).copied()).collect();
                mine.sort_unstable();
                mine.dedup();
                mine.into_iter().for_each(|c| panel[c].push(ji as u32));
            }
        }
    }
    let mut orgs = Interner::default();
    let judge_org: Vec<Option<u32>> =
        judges.iter().map(|j| orgs.id(normalize_organization(&j.organization))).collect();
    let nom_org: Vec<Option<u32>> =
        nominations.iter().map(|n| orgs.id(normalize_organization(&n.organization))).collect();
    let mut domains = Interner::default();
    let judge_domain: Vec<Option<u32>> =
        judges.iter().map(|j| domains.id(organisation_domain(&j.email_domain))).collect();
    let nom_domains: Vec<Vec<u32>> = nominations
        .iter()
        .map(|n| n.email_domains.iter().filter_map(|d| domains.id(organisation_domain(d))).collect())
        .collect();
    let mut conflicted: Vec<Vec<u32>> = vec![Vec::new(); nominations.len()];
    for (n, j) in &input.conflicts {
        if let (Some(&ni), Some(&ji)) = (nom_index.get(n), judge_index.get(j)) {
            conflicted[ni as usize].push(ji);
        }
    }

    let mut start = Vec::with_capacity(nominations.len() + 1);
    let mut eligible = Vec::new();
    let mut stamp = vec![u32::MAX; judges.len()];
    start.push(0);
    for ni in 0..nominations.len() {
        for &ji in &conflicted[ni] {
            stamp[ji as usize] = ni as u32;
        }
        let org = nom_org[ni];
        let doms = &nom_domains[ni];
        for &ji in &panel[nom_category[ni]] {
            let j = ji as usize;
            let same_org = org.is_some() && judge_org[j] == org;
            let same_domain = judge_domain[j].is_some_and(|d| doms.contains(&d));
            if !same_org && !same_domain && stamp[j] != ni as u32 {
                eligible.push(ji);
            }
        }
        start.push(eligible.len());
    }
    Compiled { nominations, judges, nom_index, judge_index, start, eligible }
}

/// The working state: who is on which nomination, and the loads.
struct State {
    /// Judges of each nomination; the first `kept[n]` entries are kept and never move.
    on: Vec<Vec<u32>>,
    kept: Vec<usize>,
    /// Nominations each judge holds that may move (not kept).
    movable: Vec<Vec<u32>>,
    load: Vec<u32>,
}

impl State {
    fn add(&mut self, n: usize, j: u32) {
        self.on[n].push(j);
        self.movable[j as usize].push(n as u32);
        self.load[j as usize] += 1;
    }

    /// Moves nomination `n` from judge `a` to judge `b`.
    fn shift(&mut self, n: u32, a: u32, b: u32) {
        let slot = self.on[n as usize].iter().position(|&x| x == a).expect("a is on n");
        self.on[n as usize][slot] = b;
        let held = &mut self.movable[a as usize];
        let at = held.iter().position(|&x| x == n).expect("n is movable for a");
        held.swap_remove(at);
        self.movable[b as usize].push(n);
        self.load[a as usize] -= 1;
        self.load[b as usize] += 1;
    }
}

/// Step 1: nominations without a choice first, then the others in a seeded random order, each
/// taking its least-loaded eligible judges.
fn greedy(c: &Compiled, st: &mut State, k: usize, rng: &mut SplitMix64) {
    let mut order: Vec<(bool, u64, usize)> =
        (0..c.nominations.len()).map(|n| (c.eligible_of(n).len() > k, rng.next_u64(), n)).collect();
    order.sort_unstable();
    for (_, _, n) in order {
        while st.on[n].len() < k {
            let mut best: Option<u32> = None;
            let mut best_load = u32::MAX;
            let mut ties = 0;
            for &j in c.eligible_of(n) {
                let load = st.load[j as usize];
                if load > best_load || st.on[n].contains(&j) {
                    continue;
                }
                if load < best_load {
                    (best, best_load, ties) = (Some(j), load, 1);
                } else {
                    ties += 1;
                    if rng.below(ties) == 0 {
                        best = Some(j);
                    }
                }
            }
            match best {
                Some(j) => st.add(n, j),
                None => break,
            }
        }
    }
}

/// Step 2: applies load-reducing paths until there is none (see the module documentation).
///
/// Each search is a breadth-first search over judges, started from the most loaded judges and
/// then from each lower load in turn, so that every judge is labelled with the highest load that
/// can reach it; it stops at the first judge whose load is at least two below its label. Two
/// savings keep it fast: a nomination's judges are examined once per search (a second holder of
/// the same nomination would find the same ones), and judges that a failed search showed unable
/// to pass work on ("dead") are skipped by the next searches. Skipping is only a heuristic —
/// later moves can open new paths — so the repair ends only after a search that skips nobody
/// finds nothing: the result is exact.
fn repair(c: &Compiled, st: &mut State) {
    const NONE: u32 = u32::MAX;
    let judges = c.judges.len();
    let mut visited = vec![0u32; judges];
    let mut expanded = vec![0u32; c.nominations.len()];
    let mut label = vec![0u32; judges];
    let mut parent: Vec<(u32, u32)> = vec![(NONE, NONE); judges];
    let mut dead = vec![false; judges];
    let mut queue: Vec<u32> = Vec::with_capacity(judges);
    let mut sources: Vec<u32> = Vec::with_capacity(judges);
    let mut receives = vec![false; judges];
    c.eligible.iter().for_each(|&j| receives[j as usize] = true);
    let mut stamp = 0u32;
    loop {
        // the least loaded judge that could receive work bounds every path's end
        let Some(floor) = (0..judges).filter(|&j| receives[j]).map(|j| st.load[j]).min() else { return };
        stamp += 1;
        let skipping = dead.contains(&true);
        // judges that are dead or can receive nothing count as seen from the start
        let mut seen = 0;
        for j in 0..judges {
            if dead[j] || !receives[j] {
                visited[j] = stamp;
                seen += 1;
            }
        }
        sources.clear();
        sources.extend(
            (0..judges as u32)
                .filter(|&j| visited[j as usize] != stamp && !st.movable[j as usize].is_empty()),
        );
        sources.sort_unstable_by_key(|&j| (std::cmp::Reverse(st.load[j as usize]), j));
        queue.clear();
        let (mut head, mut next_source, mut phase_start) = (0, 0, 0);
        let mut found = None;
        'search: while seen < judges {
            if head == queue.len() {
                // nobody reached in the last phase can pass work on: dead for now
                for &j in &queue[phase_start..] {
                    dead[j as usize] = true;
                }
                phase_start = queue.len();
                // start the next phase: every judge with the next lower load
                let Some(&s) = sources.get(next_source) else { break };
                let level = st.load[s as usize];
                if level < floor + 2 {
                    break;
                }
                while let Some(&s) = sources.get(next_source).filter(|&&s| st.load[s as usize] == level) {
                    next_source += 1;
                    if visited[s as usize] != stamp {
                        visited[s as usize] = stamp;
                        seen += 1;
                        label[s as usize] = level;
                        parent[s as usize] = (NONE, NONE);
                        queue.push(s);
                    }
                }
                continue;
            }
            let a = queue[head];
            head += 1;
            for &n in &st.movable[a as usize] {
                if expanded[n as usize] == stamp {
                    continue;
                }
                expanded[n as usize] = stamp;
                for &b in c.eligible_of(n as usize) {
                    if visited[b as usize] == stamp || st.on[n as usize].contains(&b) {
                        continue;
                    }
                    visited[b as usize] = stamp;
                    seen += 1;
                    label[b as usize] = label[a as usize];
                    parent[b as usize] = (a, n);
                    if st.load[b as usize] + 2 <= label[b as usize] {
                        found = Some(b);
                        break 'search;
                    }
                    queue.push(b);
                }
            }
        }
        let Some(mut b) = found else {
            if !skipping {
                return;
            }
            // verify with a search that skips nobody
            dead.iter_mut().for_each(|d| *d = false);
            continue;
        };
        loop {
            let (a, n) = parent[b as usize];
            if a == NONE {
                break;
            }
            st.shift(n, a, b);
            b = a;
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Plans the assignments: every nomination gets `per_nomination` distinct eligible judges where
/// it has that many (all of them otherwise, reported as a [`Shortfall`]), kept assignments stay,
/// and the loads are balanced as far as eligibility allows. Deterministic for a given input.
pub fn plan(input: &Input) -> Plan {
    let c = compile(input);
    let k = input.per_nomination;
    let mut st = State {
        on: vec![Vec::new(); c.nominations.len()],
        kept: vec![0; c.nominations.len()],
        movable: vec![Vec::new(); c.judges.len()],
        load: vec![0; c.judges.len()],
    };

    let mut dropped = Vec::new();
    let mut seen = HashSet::with_capacity(input.keep.len());
    for &(nid, jid) in &input.keep {
        if !seen.insert((nid, jid)) {
            continue;
        }
        match (c.nom_index.get(&nid), c.judge_index.get(&jid)) {
            (Some(&n), Some(&j)) if c.is_eligible(n as usize, j) => {
                st.on[n as usize].push(j);
                st.kept[n as usize] += 1;
                st.load[j as usize] += 1;
            }
            _ => dropped.push((nid, jid)),
        }
    }

    let mut rng = SplitMix64(input.seed);
    greedy(&c, &mut st, k, &mut rng);
    repair(&c, &mut st);

    let mut assignments = Vec::with_capacity(st.on.iter().map(Vec::len).sum());
    for (n, on) in st.on.iter_mut().enumerate() {
        on[st.kept[n]..].sort_unstable();
        let nid = c.nominations[n].id;
        assignments.extend(on.iter().map(|&j| (nid, c.judges[j as usize].id)));
    }

    // nominations short of judges, per category: (count, fewest eligible, most eligible)
    let mut short: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for (n, nom) in c.nominations.iter().enumerate() {
        let have = st.on[n].len();
        if have < k {
            let e = short.entry(nom.category.as_str()).or_insert((0, usize::MAX, 0));
            *e = (e.0 + 1, e.1.min(have), e.2.max(have));
        }
    }
    let shortfalls = short
        .into_iter()
        .map(|(category, (count, fewest, most))| {
            let noms =
                if count == 1 { "1 nomination has".to_owned() } else { format!("{count} nominations have") };
            let judges = match (fewest, most) {
                (0, 0) => "no eligible judge".to_owned(),
                (f, m) if f == m => format!("only {}", plural(f, "eligible judge", "eligible judges")),
                (f, m) => format!("only {f}–{m} eligible judges"),
            };
            Shortfall {
                category: category.to_owned(),
                nominations: count,
                eligible_judges: fewest,
                wanted: k,
                message: format!("{category}: {noms} {judges} ({k} wanted)"),
            }
        })
        .collect();

    let loads = c.judges.iter().enumerate().map(|(j, judge)| (judge.id, st.load[j] as usize)).collect();
    Plan { assignments, shortfalls, loads, dropped }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic id from a number, so that failures are readable.
    fn id(kind: u8, n: usize) -> Uuid {
        Uuid::from_u128(((kind as u128) << 64) | n as u128)
    }

    fn nom(n: usize, category: &str, org: &str, domains: &[&str]) -> Nomination {
        Nomination {
            id: id(1, n),
            category: category.into(),
            organization: org.into(),
            email_domains: domains.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn judge(n: usize, cats: Option<&[&str]>, org: &str, domain: &str) -> Judge {
        Judge {
            id: id(2, n),
            categories: cats.map(|c| c.iter().map(|s| s.to_string()).collect()),
            organization: org.into(),
            email_domain: domain.into(),
        }
    }

    fn input(nominations: Vec<Nomination>, judges: Vec<Judge>, k: usize) -> Input {
        Input { nominations, judges, per_nomination: k, conflicts: HashSet::new(), keep: vec![], seed: 7 }
    }

    /// A random instance: `cats` categories, some judges on category panels, organisations and
    /// domains drawn from small pools so that they overlap, a few declared conflicts.
    fn random_instance(seed: u64, noms: usize, panel: usize, cats: usize, k: usize) -> Input {
        let mut r = SplitMix64(seed);
        let pick = |r: &mut SplitMix64, n: usize| r.below(n as u32) as usize;
        let domain =
            |i: usize| if i.is_multiple_of(5) { "gmail.com".to_owned() } else { format!("org{i}.example") };
        let nominations: Vec<Nomination> = (0..noms)
            .map(|i| {
                let o = pick(&mut r, 40);
                Nomination {
                    id: id(1, i),
                    category: format!("C{}", pick(&mut r, cats)),
                    organization: format!("Org {o}"),
                    email_domains: vec![domain(o), domain(pick(&mut r, 40))],
                }
            })
            .collect();
        let judges: Vec<Judge> = (0..panel)
            .map(|i| {
                let o = pick(&mut r, 40);
                let categories = (pick(&mut r, 3) == 0)
                    .then(|| (0..1 + pick(&mut r, 3)).map(|_| format!("C{}", pick(&mut r, cats))).collect());
                Judge {
                    id: id(2, i),
                    categories,
                    organization: if i.is_multiple_of(7) { String::new() } else { format!("ORG-{o}.") },
                    email_domain: domain(pick(&mut r, 40)),
                }
            })
            .collect();
        let conflicts =
            (0..noms / 4).map(|_| (id(1, pick(&mut r, noms)), id(2, pick(&mut r, panel)))).collect();
        Input { nominations, judges, per_nomination: k, conflicts, keep: vec![], seed }
    }

    fn judges_of(plan: &Plan, n: Uuid) -> Vec<Uuid> {
        plan.assignments.iter().filter(|(x, _)| *x == n).map(|(_, j)| *j).collect()
    }

    /// Checks the plan against the public rule: distinct eligible judges, `min(k, eligible)`
    /// of them per nomination, loads that add up.
    fn check_plan(input: &Input, plan: &Plan) {
        let mut per_nom: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        let by_id: HashMap<Uuid, &Judge> = input.judges.iter().map(|j| (j.id, j)).collect();
        for (n, j) in &plan.assignments {
            assert!(per_nom.entry(*n).or_default().insert(*j), "judge {j} twice on {n}");
        }
        for n in &input.nominations {
            let got = per_nom.get(&n.id).cloned().unwrap_or_default();
            for j in &got {
                assert!(eligible(n, by_id[j], &input.conflicts), "{j} is not eligible for {n:?}");
            }
            let can = input.judges.iter().filter(|j| eligible(n, j, &input.conflicts)).count();
            assert_eq!(got.len(), can.min(input.per_nomination), "{n:?}");
        }
        let mut loads: BTreeMap<Uuid, usize> = input.judges.iter().map(|j| (j.id, 0)).collect();
        plan.assignments.iter().for_each(|(_, j)| *loads.get_mut(j).unwrap() += 1);
        assert_eq!(loads, plan.loads);
    }

    /// Whether some judge could hand work, through a chain of moves, to a judge with at least
    /// two fewer assignments — checked by brute force from every judge.
    fn has_load_reducing_path(input: &Input, plan: &Plan) -> bool {
        let kept: HashSet<(Uuid, Uuid)> = input.keep.iter().copied().collect();
        let on: HashSet<(Uuid, Uuid)> = plan.assignments.iter().copied().collect();
        for start in &input.judges {
            let mut seen = HashSet::from([start.id]);
            let mut queue = vec![start.id];
            while let Some(a) = queue.pop() {
                for &(n, holder) in &plan.assignments {
                    if holder != a || kept.contains(&(n, a)) {
                        continue;
                    }
                    let nomination = input.nominations.iter().find(|x| x.id == n).unwrap();
                    for b in &input.judges {
                        if seen.contains(&b.id)
                            || on.contains(&(n, b.id))
                            || !eligible(nomination, b, &input.conflicts)
                        {
                            continue;
                        }
                        if plan.loads[&b.id] + 2 <= plan.loads[&start.id] {
                            return true;
                        }
                        seen.insert(b.id);
                        queue.push(b.id);
                    }
                }
            }
        }
        false
    }

    #[test]
    fn every_nomination_gets_k_distinct_eligible_judges() {
        for seed in 0..20 {
            let input = random_instance(seed, 150, 25, 5, 3);
            let plan = plan(&input);
            check_plan(&input, &plan);
        }
    }

    #[test]
    fn judges_of_the_same_organisation_or_email_domain_are_never_assigned_but_gmail_is_not_a_shared_organisation()
     {
        let n = nom(0, "C1", "Ministry of ICT, Kenya", &["ict.go.ke", "gmail.com"]);
        let same_org = judge(0, None, "  ministry of ICT   kenya ", "other.org");
        let same_domain = judge(1, None, "Someone else", "ICT.go.ke");
        let gmail = judge(2, None, "A university", "gmail.com");
        let fine = judge(3, None, "", "itu.int");
        let input = input(vec![n.clone()], vec![same_org, same_domain, gmail, fine], 3);
        let plan = plan(&input);
        assert_eq!(judges_of(&plan, n.id), vec![id(2, 2), id(2, 3)]);
        assert_eq!(plan.shortfalls.len(), 1);
    }

    #[test]
    fn organisation_names_are_normalised_and_an_empty_name_never_matches() {
        assert_eq!(normalize_organization("  U.N.  Development\tProgramme "), "un development programme");
        assert_eq!(normalize_organization("Café-Crème S.A. & Co"), "cafécrème sa co");
        assert_eq!(normalize_organization(" ... "), "");
        let n = nom(0, "C1", "...", &[]);
        assert!(eligible(&n, &judge(0, None, "", ""), &HashSet::new()));
        assert!(!eligible(&n, &judge(0, None, "", ""), &HashSet::from([(n.id, id(2, 0))])));
    }

    #[test]
    fn declared_conflicts_are_respected() {
        let noms: Vec<Nomination> = (0..30).map(|i| nom(i, "C1", &format!("N{i}"), &[])).collect();
        let judges: Vec<Judge> = (0..6).map(|i| judge(i, None, &format!("J{i}"), "")).collect();
        let mut input = input(noms, judges, 3);
        input.conflicts =
            (0..30).flat_map(|i| [(id(1, i), id(2, i % 6)), (id(1, i), id(2, (i + 1) % 6))]).collect();
        let plan = plan(&input);
        check_plan(&input, &plan);
        for pair in &plan.assignments {
            assert!(!input.conflicts.contains(pair), "{pair:?}");
        }
        assert_eq!(plan.assignments.len(), 90);
    }

    #[test]
    fn loads_are_balanced_within_one_on_a_random_instance() {
        for seed in 0..10 {
            let mut input = random_instance(seed, 400, 37, 6, 3);
            input.judges.iter_mut().for_each(|j| j.categories = None);
            let plan = plan(&input);
            check_plan(&input, &plan);
            let max = plan.loads.values().max().unwrap();
            let min = plan.loads.values().min().unwrap();
            assert!(max - min <= 1, "seed {seed}: loads {min}..{max}");
        }
    }

    #[test]
    fn with_panels_no_judge_could_pass_work_to_a_judge_with_two_fewer() {
        for seed in 0..8 {
            let input = random_instance(100 + seed, 120, 20, 6, 3);
            let plan = plan(&input);
            check_plan(&input, &plan);
            assert!(!has_load_reducing_path(&input, &plan), "seed {seed}: {:?}", plan.loads);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plan_and_a_different_seed_may_differ() {
        let input = random_instance(3, 300, 30, 5, 3);
        assert_eq!(plan(&input), plan(&input.clone()));
        let other = plan(&Input { seed: 4, ..input.clone() });
        assert_ne!(plan(&input).assignments, other.assignments);
        check_plan(&Input { seed: 4, ..input }, &other);
    }

    #[test]
    fn kept_assignments_are_kept_and_count_toward_k() {
        let mut input = random_instance(5, 200, 20, 4, 3);
        let first = plan(&input);
        // keep two judges of every other nomination, and re-plan with a new seed
        input.keep = input
            .nominations
            .iter()
            .step_by(2)
            .flat_map(|n| judges_of(&first, n.id).into_iter().take(2).map(move |j| (n.id, j)))
            .collect();
        input.seed = 99;
        let second = plan(&input);
        check_plan(&input, &second);
        let now: HashSet<(Uuid, Uuid)> = second.assignments.iter().copied().collect();
        assert!(input.keep.iter().all(|p| now.contains(p)));
        assert!(second.dropped.is_empty());
        assert!(!has_load_reducing_path(&input, &second));
    }

    #[test]
    fn kept_assignments_that_are_no_longer_eligible_are_dropped() {
        let n = nom(0, "C1", "Org A", &["a.org"]);
        let judges = vec![judge(0, None, "Org B", "b.org"), judge(1, None, "Org C", "c.org")];
        let mut input = input(vec![n.clone()], judges, 1);
        input.conflicts.insert((n.id, id(2, 0)));
        input.keep = vec![(n.id, id(2, 0)), (n.id, id(2, 9)), (id(1, 9), id(2, 1))];
        let plan = plan(&input);
        assert_eq!(plan.assignments, vec![(n.id, id(2, 1))]);
        assert_eq!(plan.dropped, input.keep);
    }

    #[test]
    fn a_category_with_too_few_judges_yields_a_shortfall_with_a_clear_message_and_still_assigns_what_it_can()
    {
        let mut noms: Vec<Nomination> = (0..3).map(|i| nom(i, "C9", &format!("N{i}"), &[])).collect();
        noms.push(nom(3, "C1", "N3", &[]));
        noms.push(nom(4, "C7-EGOV", "Panel org", &[]));
        let judges = vec![
            judge(0, Some(&["C9", "C7-EGOV"]), "J0", ""),
            judge(1, Some(&["C1"]), "J1", ""),
            judge(2, Some(&["C1", "C7-EGOV"]), "Panel org", ""),
            judge(3, Some(&["C1"]), "J3", ""),
        ];
        let plan = plan(&input(noms, judges, 3));
        let messages: Vec<&str> = plan.shortfalls.iter().map(|s| s.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "C7-EGOV: 1 nomination has only 1 eligible judge (3 wanted)",
                "C9: 3 nominations have only 1 eligible judge (3 wanted)"
            ]
        );
        let c9 = &plan.shortfalls[1];
        assert_eq!((c9.category.as_str(), c9.nominations, c9.eligible_judges, c9.wanted), ("C9", 3, 1, 3));
        for i in 0..3 {
            assert_eq!(judges_of(&plan, id(1, i)), vec![id(2, 0)]);
        }
        assert_eq!(judges_of(&plan, id(1, 3)).len(), 3);
    }

    #[test]
    fn a_category_nobody_judges_says_there_is_no_eligible_judge() {
        let plan = plan(&input(vec![nom(0, "C2", "", &[]), nom(1, "C2", "", &[])], vec![], 2));
        assert_eq!(plan.shortfalls[0].message, "C2: 2 nominations have no eligible judge (2 wanted)");
        assert!(plan.assignments.is_empty());
    }

    #[test]
    fn per_category_panels_are_respected() {
        let input = random_instance(11, 300, 30, 6, 2);
        let plan = plan(&input);
        let cat: HashMap<Uuid, &str> =
            input.nominations.iter().map(|n| (n.id, n.category.as_str())).collect();
        let panel: HashMap<Uuid, &Option<Vec<String>>> =
            input.judges.iter().map(|j| (j.id, &j.categories)).collect();
        assert!(input.judges.iter().any(|j| j.categories.is_some()));
        for (n, j) in &plan.assignments {
            if let Some(cats) = panel[j] {
                assert!(cats.iter().any(|c| c == cat[n]), "{j} judges {cats:?}, not {}", cat[n]);
            }
        }
    }

    #[test]
    fn loads_list_every_judge_even_without_work() {
        let judges = vec![judge(0, None, "", ""), judge(1, Some(&["C5"]), "", ""), judge(0, None, "dup", "")];
        let plan = plan(&input(vec![nom(0, "C1", "", &[])], judges, 1));
        assert_eq!(plan.loads, BTreeMap::from([(id(2, 0), 1), (id(2, 1), 0)]));
    }
}
