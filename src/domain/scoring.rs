//! Scores, calibration, ranking and the shortlist of a judging round.
//!
//! **Scores.** A judge scores every criterion of the round within its `[min, max]`
//! ([`check_scores`]); the judge's total is the weighted sum `Σ weight × score`
//! ([`weighted_total`]), so totals live on the scale `(Σ w·min, Σ w·max)` ([`scale`]).
//!
//! **Calibration** ([`calibrate`]). Judges differ in leniency (a harsh judge gives 5 where a
//! lenient one gives 8) and in how much of the scale they use. Calibration takes every score of
//! the round, across categories, so a judge's habits are estimated from all the work they did.
//! Per judge it standardises each total, `z = (x − mean_j) / sd_j` (population standard
//! deviation), and maps it back onto the scale, `calibrated = global_mean + z × global_sd`,
//! with the mean and standard deviation of all raw totals of the round. `z` depends only on
//! where a score sits among that judge's own scores, so adding a constant to a judge's scores or
//! multiplying them by a positive factor changes nothing in the ranking, and a harsh and a
//! lenient judge who agree on the order weigh the same as two neutral ones. A judge with a single
//! score, or with all scores equal (`sd_j ≤ 1e-9 × max(1, width of the scale)`), says nothing
//! about relative merit: their `z` is 0, i.e. their score counts as the global mean and
//! neither lifts nor sinks a nomination relative to the others — a deliberate guard.
//!
//! Calibrated scores are *not* clamped one by one: a judge who gave one exceptional score among
//! otherwise narrow ones may produce a value beyond the scale, and cutting it would both discard
//! exactly the information that separates the best nominations and make the ranking depend on
//! the other judges' raw totals (which move the cut) — breaking the invariance above. The
//! nomination's calibrated *mean* is clamped to the scale for display ([`Ranked::calibrated`]);
//! the ranking uses the unclamped mean.
//!
//! **Ranking** ([`rank`], one category at a time, with the calibration of the whole round). The
//! published rule:
//! 1. calibrated mean, higher first;
//! 2. then the raw mean of the judges' totals, higher first;
//! 3. then the number of top marks — raw totals of at least `min + 0.9 × (max − min)` of the
//!    scale — more first.
//!
//! Nominations still equal on all three are **tied**: they share a rank (competition ranking:
//! 1, 2, 2, 4) and are flagged; nothing arbitrary (id, title, submission time) separates them.
//! Values are compared after rounding to `1e-9` of the scale's width, so floating-point noise
//! (`(0.1 + 0.2) / 2 ≠ 0.15`) does not decide ties. Each entry also carries the standard error of its calibrated
//! mean (`sd / √n` of its calibrated scores; with one score, the global standard deviation of a
//! single score) and flags a lead over the next nomination that is smaller than their combined
//! uncertainty `√(u₁² + u₂²)`: a close call the organisers may want to look at. Nominations
//! without any score come last, with count 0.
//!
//! **Shortlist** ([`shortlist`]). The top `advance` nominations of a category advance. When the
//! cut-off falls inside a tie, every nomination of the tie advances and is marked
//! `tie_at_cutoff`, so nobody is left out by an arbitrary choice. A nomination without any score
//! never advances: there is nothing to rank it on.
//!
//! Every result depends only on the multiset of scores: sums are taken over sorted values, so
//! the order of judges or scores in the input cannot change a single bit of the output.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::reason::{FieldIssues, Reason};

/// A criterion of the round's score sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Stable key, e.g. `impact`.
    pub key: String,
    /// Weight of the criterion in the total.
    pub weight: f64,
    /// Lowest allowed score.
    pub min: f64,
    /// Highest allowed score.
    pub max: f64,
}

/// Checks a judge's score sheet: every criterion present, finite and within `[min, max]`, and no
/// unknown keys. Errors are keyed `scores.<key>`.
pub fn check_scores(criteria: &[Criterion], scores: &BTreeMap<String, f64>) -> Result<(), FieldIssues> {
    let mut errors = FieldIssues::new();
    for c in criteria {
        let problem = match scores.get(&c.key) {
            None => Some(Reason::Required),
            Some(v) if !v.is_finite() => Some(Reason::NotFinite),
            Some(v) if *v < c.min || *v > c.max => Some(Reason::NumberBetween { min: c.min, max: c.max }),
            Some(_) => None,
        };
        if let Some(p) = problem {
            errors.add(format!("scores.{}", c.key), p);
        }
    }
    for key in scores.keys().filter(|k| !criteria.iter().any(|c| c.key == **k)) {
        errors.add(format!("scores.{key}"), Reason::NotACriterion);
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// A judge's total: `Σ weight × score` over the criteria (a missing score counts nothing; check
/// the sheet with [`check_scores`] first).
pub fn weighted_total(criteria: &[Criterion], scores: &BTreeMap<String, f64>) -> f64 {
    criteria.iter().filter_map(|c| scores.get(&c.key).map(|s| c.weight * s)).sum()
}

/// The range of totals: `(Σ w·min, Σ w·max)`.
pub fn scale(criteria: &[Criterion]) -> (f64, f64) {
    criteria.iter().fold((0.0, 0.0), |(lo, hi), c| (lo + c.weight * c.min, hi + c.weight * c.max))
}

/// One judge's total for one nomination.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The judge.
    pub judge: Uuid,
    /// The nomination.
    pub nomination: Uuid,
    /// The weighted total.
    pub total: f64,
}

/// A nomination's place in its category.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The nomination.
    pub nomination: Uuid,
    /// Mean of the judges' raw totals.
    pub mean: f64,
    /// Highest minus lowest raw total.
    pub spread: f64,
    /// Sample standard deviation of the raw totals (0 with one score).
    pub std_dev: f64,
    /// Number of scores.
    pub count: usize,
    /// Mean of the calibrated scores, clamped to the scale.
    pub calibrated: f64,
    /// Standard error of the calibrated mean.
    pub uncertainty: f64,
    /// Raw totals of at least 90 % of the scale.
    pub top_marks: usize,
    /// Competition rank: 1, 2, 2, 4.
    pub rank: usize,
    /// The rule could not separate it from a neighbour (it shares its rank).
    pub tied: bool,
    /// Its difference to the next one below is smaller than their combined uncertainty.
    pub indistinguishable_from_next: bool,
}

/// Whether a nomination advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Advance {
    /// The nomination.
    pub nomination: Uuid,
    /// It goes on to the next round (or to the shortlist).
    pub advanced: bool,
    /// It advanced as part of a tie that straddles the cut-off.
    pub tie_at_cutoff: bool,
}

/// Relative tolerance (of the scale's width) under which values count as equal.
const TOLERANCE: f64 = 1e-9;

/// The sum of `values`, taken in sorted order so that it does not depend on the input order.
fn sorted_sum(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    values.iter().sum()
}

/// Mean and standard deviation (population, or sample when `sample`) of `values`; zeros when
/// there are too few values.
fn mean_sd(values: &[f64], sample: bool) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    // a nomination's few scores are sorted on the stack: closing a round computes this twice
    // per nomination and once per judge and pair, and two allocations each were most of it
    let mut stack = [0.0; 16];
    let mut heap = Vec::new();
    let scratch: &mut [f64] = if n <= stack.len() {
        &mut stack[..n]
    } else {
        heap.resize(n, 0.0);
        &mut heap
    };
    scratch.copy_from_slice(values);
    let mean = sorted_sum(scratch) / n as f64;
    let dof = if sample { n - 1 } else { n };
    if dof == 0 {
        return (mean, 0.0);
    }
    for (square, x) in scratch.iter_mut().zip(values) {
        *square = (x - mean) * (x - mean);
    }
    (mean, (sorted_sum(scratch) / dof as f64).sqrt())
}

/// The scale's width, or 1 when the scale is empty or not finite.
fn width(scale: (f64, f64)) -> f64 {
    let w = (scale.1 - scale.0).abs();
    if w.is_finite() && w > 0.0 { w } else { 1.0 }
}

/// The finite scores, one per (judge, nomination) — a repeated pair counts as its mean —
/// ordered by judge, then nomination.
fn by_pair(scores: &[Score]) -> Vec<((Uuid, Uuid), f64)> {
    let mut finite: Vec<((Uuid, Uuid), f64)> =
        scores.iter().filter(|s| s.total.is_finite()).map(|s| ((s.judge, s.nomination), s.total)).collect();
    finite.sort_unstable_by_key(|a| a.0);
    let mut totals = Vec::new();
    finite
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            totals.clear();
            totals.extend(run.iter().map(|&(_, x)| x));
            (run[0].0, mean_sd(&totals, false).0)
        })
        .collect()
}

/// The calibrated total of each (judge, nomination). Hashed with foldhash rather than SipHash:
/// the keys are the service's own ids, not an attacker's choice, and closing a round of 100,000
/// nominations looks up each of its 300,000 scores.
pub type Calibrated = HashMap<(Uuid, Uuid), f64, foldhash::fast::RandomState>;

/// Calibrated total per (judge, nomination), from every score of the round (see the module
/// documentation): `global_mean + z × global_sd` with `z` the score standardised among the
/// judge's own scores, and `z = 0` for a judge with one score or constant scores. Values are not
/// clamped; non-finite totals are ignored.
pub fn calibrate(scores: &[Score], scale: (f64, f64)) -> Calibrated {
    let pairs = by_pair(scores);
    let mut xs: Vec<f64> = pairs.iter().map(|&(_, x)| x).collect();
    let (global_mean, global_sd) = mean_sd(&xs, false);
    let constant = TOLERANCE * width(scale).max(1.0);
    let mut calibrated = Calibrated::with_capacity_and_hasher(pairs.len(), Default::default());
    // the pairs come ordered by judge: each judge's scores are one run
    for run in pairs.chunk_by(|a, b| a.0.0 == b.0.0) {
        xs.clear();
        xs.extend(run.iter().map(|&(_, x)| x));
        let (mean, sd) = mean_sd(&xs, false);
        let stats = (xs.len() >= 2 && sd > constant).then_some((mean, sd));
        for &(pair, x) in run {
            let z = stats.map_or(0.0, |(mean, sd)| (x - mean) / sd);
            calibrated.insert(pair, global_mean + z * global_sd);
        }
    }
    calibrated
}

/// What the rule compares, rounded to the tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    calibrated: f64,
    mean: f64,
    top_marks: usize,
}

/// The ranking rule: better first.
fn by_rule(a: &Key, b: &Key) -> std::cmp::Ordering {
    b.calibrated.total_cmp(&a.calibrated).then(b.mean.total_cmp(&a.mean)).then(b.top_marks.cmp(&a.top_marks))
}

/// Ranks one category's `nominations` by the published rule (see the module documentation).
/// `scores` may hold the whole round — only scores of `nominations` are ranked — and
/// `calibrated` is [`calibrate`] of the whole round; a score missing from it counts at its raw
/// total. Nominations without scores come last with count 0. Within a tie, entries are listed by
/// id (for a stable display only; they share the rank).
pub fn rank(
    scores: &[Score], scale: (f64, f64), nominations: &[Uuid], calibrated: &Calibrated,
) -> Vec<Ranked> {
    let round = RoundScores::new(scores);
    rank_in(&round, scale, nominations, calibrated)
}

/// Every category of a round ranked at once: the round's scores are grouped once, not once per
/// category (closing a round of 100,000 nominations spent most of its time regrouping them).
pub fn rank_categories<C>(
    scores: &[Score], scale: (f64, f64), categories: Vec<(C, Vec<Uuid>)>, calibrated: &Calibrated,
) -> Vec<(C, Vec<Ranked>)> {
    let round = RoundScores::new(scores);
    categories.into_iter().map(|(c, noms)| (c, rank_in(&round, scale, &noms, calibrated))).collect()
}

/// A round's scores, one per (judge, nomination), grouped by nomination in judge order: each
/// nomination's run of `(judge, total)` in `scores`, found by `runs`.
struct RoundScores {
    scores: Vec<(Uuid, f64)>,
    runs: HashMap<Uuid, std::ops::Range<usize>, foldhash::fast::RandomState>,
    /// The standard deviation of every score of the round: the uncertainty of a single score.
    single_sd: f64,
}

impl RoundScores {
    fn new(scores: &[Score]) -> Self {
        let mut pairs = by_pair(scores);
        let all: Vec<f64> = pairs.iter().map(|&(_, x)| x).collect();
        let single_sd = mean_sd(&all, false).1;
        pairs.sort_unstable_by(|((j1, n1), _), ((j2, n2), _)| (n1, j1).cmp(&(n2, j2)));
        let mut runs = HashMap::with_capacity_and_hasher(pairs.len() / 2, Default::default());
        let mut start = 0;
        for run in pairs.chunk_by(|a, b| a.0.1 == b.0.1) {
            runs.insert(run[0].0.1, start..start + run.len());
            start += run.len();
        }
        let scores = pairs.into_iter().map(|((judge, _), x)| (judge, x)).collect();
        Self { scores, runs, single_sd }
    }

    /// A nomination's `(judge, total)`, in judge order.
    fn of(&self, nomination: &Uuid) -> &[(Uuid, f64)] {
        self.runs.get(nomination).map_or(&[], |r| &self.scores[r.clone()])
    }
}

fn rank_in(
    round_scores: &RoundScores, scale: (f64, f64), nominations: &[Uuid], calibrated: &Calibrated,
) -> Vec<Ranked> {
    let (lo, hi) = (scale.0.min(scale.1), scale.0.max(scale.1));
    let tolerance = TOLERANCE * width(scale);
    let round = |x: f64| (x / tolerance).round();
    let top = lo + 0.9 * (hi - lo) - tolerance;
    let single_sd = round_scores.single_sd;

    let mut wanted: Vec<Uuid> = nominations.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut scored: Vec<(Key, Ranked, f64)> = Vec::new();
    let mut unscored: Vec<Ranked> = Vec::new();
    let (mut xs, mut cal) = (Vec::new(), Vec::new());
    for nomination in wanted {
        let pairs = round_scores.of(&nomination);
        xs.clear();
        xs.extend(pairs.iter().map(|&(_, x)| x));
        cal.clear();
        cal.extend(pairs.iter().map(|&(judge, x)| {
            calibrated.get(&(judge, nomination)).copied().filter(|c| c.is_finite()).unwrap_or(x)
        }));
        let count = xs.len();
        let mut entry = Ranked {
            nomination,
            mean: 0.0,
            spread: 0.0,
            std_dev: 0.0,
            count,
            calibrated: 0.0,
            uncertainty: 0.0,
            top_marks: 0,
            rank: 0,
            tied: false,
            indistinguishable_from_next: false,
        };
        if count == 0 {
            unscored.push(entry);
            continue;
        }
        let (mean, std_dev) = mean_sd(&xs, true);
        let (cal_mean, cal_sd) = mean_sd(&cal, true);
        let (min, max) =
            xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
        entry.mean = mean;
        entry.spread = max - min;
        entry.std_dev = std_dev;
        entry.top_marks = xs.iter().filter(|&&x| x >= top).count();
        entry.calibrated = if lo.is_finite() && hi.is_finite() { cal_mean.clamp(lo, hi) } else { cal_mean };
        entry.uncertainty = if count >= 2 { cal_sd / (count as f64).sqrt() } else { single_sd };
        let key = Key { calibrated: round(cal_mean), mean: round(mean), top_marks: entry.top_marks };
        scored.push((key, entry, cal_mean));
    }
    scored.sort_by(|a, b| by_rule(&a.0, &b.0).then(a.1.nomination.cmp(&b.1.nomination)));

    let mut start = 0;
    while start < scored.len() {
        let end = start + scored[start..].iter().take_while(|e| e.0 == scored[start].0).count();
        for e in &mut scored[start..end] {
            e.1.rank = start + 1;
            e.1.tied = end - start > 1;
        }
        start = end;
    }
    for i in 1..scored.len() {
        let (above, below) = (&scored[i - 1], &scored[i]);
        let combined = above.1.uncertainty.hypot(below.1.uncertainty);
        let close = above.0.calibrated == below.0.calibrated || (above.2 - below.2).abs() < combined;
        scored[i - 1].1.indistinguishable_from_next = close;
    }
    let first_unscored = scored.len() + 1;
    let tied_unscored = unscored.len() > 1;
    scored
        .into_iter()
        .map(|e| e.1)
        .chain(unscored.into_iter().map(|e| Ranked { rank: first_unscored, tied: tied_unscored, ..e }))
        .collect()
}

/// Which nominations advance: those ranked within the top `advance`; when the cut-off falls
/// inside a tie, the whole tie advances and is marked. Unscored nominations never advance.
/// One entry per entry of `ranked`, in the same order.
pub fn shortlist(ranked: &[Ranked], advance: usize) -> Vec<Advance> {
    let mut sharing: HashMap<usize, usize> = HashMap::new();
    for r in ranked.iter().filter(|r| r.count > 0) {
        *sharing.entry(r.rank).or_default() += 1;
    }
    ranked
        .iter()
        .map(|r| {
            let advanced = r.count > 0 && r.rank <= advance;
            let last_place = r.rank + sharing.get(&r.rank).copied().unwrap_or(1) - 1;
            Advance { nomination: r.nomination, advanced, tie_at_cutoff: advanced && last_place > advance }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};

    fn id(kind: u8, n: usize) -> Uuid {
        Uuid::from_u128(((kind as u128) << 64) | n as u128)
    }

    fn judge(n: usize) -> Uuid {
        id(2, n)
    }

    fn nom(n: usize) -> Uuid {
        id(1, n)
    }

    fn criteria() -> Vec<Criterion> {
        vec![
            Criterion { key: "impact".into(), weight: 2.0, min: 1.0, max: 10.0 },
            Criterion { key: "innovation".into(), weight: 1.0, min: 0.0, max: 5.0 },
            Criterion { key: "sustainability".into(), weight: 0.5, min: 1.0, max: 10.0 },
        ]
    }

    fn sheet(entries: &[(&str, f64)]) -> BTreeMap<String, f64> {
        entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn s(j: usize, n: usize, total: f64) -> Score {
        Score { judge: judge(j), nomination: nom(n), total }
    }

    const SCALE: (f64, f64) = (0.0, 10.0);

    fn ranked(scores: &[Score], nominations: &[Uuid]) -> Vec<Ranked> {
        rank(scores, SCALE, nominations, &calibrate(scores, SCALE))
    }

    #[test]
    fn ranking_every_category_at_once_equals_ranking_each_alone() {
        let mut rng = StdRng::seed_from_u64(11);
        let scores: Vec<Score> =
            (0..300).map(|i| s(i % 7, i % 90, (rng.random::<f64>() * 10.0).round() / 2.0)).collect();
        let calibrated = calibrate(&scores, SCALE);
        let groups: Vec<(usize, Vec<Uuid>)> =
            (0..3).map(|c| (c, (0..90).filter(|n| n % 3 == c).map(nom).collect())).collect();
        for (c, together) in rank_categories(&scores, SCALE, groups.clone(), &calibrated) {
            let alone = rank(&scores, SCALE, &groups[c].1, &calibrated);
            assert_eq!(format!("{together:?}"), format!("{alone:?}"), "category {c}");
        }
    }

    fn order(r: &[Ranked]) -> Vec<(Uuid, usize)> {
        r.iter().map(|x| (x.nomination, x.rank)).collect()
    }

    /// A random round: `judges` judges, `noms` nominations in two categories, three judges per
    /// nomination (round robin, so each judge has several scores), continuous totals on SCALE.
    fn random_round(rng: &mut StdRng, judges: usize, noms: usize) -> Vec<Score> {
        let mut out = Vec::new();
        for n in 0..noms {
            let merit: f64 = rng.random_range(2.0..8.0);
            for d in 0..3 {
                let j = (n + d * (1 + n % 2)) % judges;
                let noise: f64 = rng.random_range(-1.5..1.5);
                out.push(s(j, n, (merit + noise).clamp(0.0, 10.0)));
            }
        }
        out
    }

    #[test]
    fn a_weighted_total_is_the_weighted_sum_over_the_criteria() {
        let total = weighted_total(
            &criteria(),
            &sheet(&[("impact", 8.0), ("innovation", 3.0), ("sustainability", 6.0)]),
        );
        assert_eq!(total, 2.0 * 8.0 + 3.0 + 0.5 * 6.0);
    }

    #[test]
    fn the_scale_runs_from_the_weighted_minimum_to_the_weighted_maximum() {
        assert_eq!(scale(&criteria()), (2.0 + 0.0 + 0.5, 20.0 + 5.0 + 5.0));
        assert_eq!(scale(&[]), (0.0, 0.0));
    }

    #[test]
    fn a_complete_sheet_within_the_scale_is_accepted_bounds_included() {
        let ok = sheet(&[("impact", 1.0), ("innovation", 5.0), ("sustainability", 7.5)]);
        assert_eq!(check_scores(&criteria(), &ok), Ok(()));
    }

    #[test]
    fn a_missing_criterion_is_refused_under_its_key() {
        let errors = check_scores(&criteria(), &sheet(&[("impact", 5.0), ("innovation", 2.0)])).unwrap_err();
        assert_eq!(errors, BTreeMap::from([("scores.sustainability".into(), vec!["is required".into()])]));
    }

    #[test]
    fn a_score_outside_the_scale_is_refused() {
        let errors = check_scores(
            &criteria(),
            &sheet(&[("impact", 10.5), ("innovation", -1.0), ("sustainability", 1.0)]),
        )
        .unwrap_err();
        assert_eq!(errors["scores.impact"], ["must be between 1 and 10"]);
        assert_eq!(errors["scores.innovation"], ["must be between 0 and 5"]);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn a_nan_or_infinite_score_is_refused() {
        let errors = check_scores(
            &criteria(),
            &sheet(&[("impact", f64::NAN), ("innovation", f64::INFINITY), ("sustainability", 2.0)]),
        )
        .unwrap_err();
        assert_eq!(errors["scores.impact"], ["must be a finite number"]);
        assert_eq!(errors["scores.innovation"], ["must be a finite number"]);
    }

    #[test]
    fn an_unknown_criterion_is_refused() {
        let errors = check_scores(
            &criteria(),
            &sheet(&[("impact", 5.0), ("innovation", 2.0), ("sustainability", 2.0), ("charm", 9.0)]),
        )
        .unwrap_err();
        assert_eq!(
            errors,
            BTreeMap::from([("scores.charm".into(), vec!["is not a criterion of this round".into()])])
        );
    }

    #[test]
    fn permuting_the_score_list_changes_nothing() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..300 {
            let judges = rng.random_range(3..8);
            let noms = rng.random_range(1..15);
            let mut scores = random_round(&mut rng, judges, noms);
            let mut nominations: Vec<Uuid> = (0..noms).map(nom).collect();
            let before_cal = calibrate(&scores, SCALE);
            let before = rank(&scores, SCALE, &nominations, &before_cal);
            scores.shuffle(&mut rng);
            nominations.shuffle(&mut rng);
            let after_cal = calibrate(&scores, SCALE);
            assert_eq!(before_cal, after_cal);
            assert_eq!(before, rank(&scores, SCALE, &nominations, &after_cal));
            assert_eq!(shortlist(&before, 3), shortlist(&ranked(&scores, &nominations), 3));
        }
    }

    #[test]
    fn adding_a_constant_to_one_judges_scores_does_not_change_the_calibrated_ranking() {
        let mut rng = StdRng::seed_from_u64(2);
        for _ in 0..300 {
            let (judges, noms) = (rng.random_range(3..8), rng.random_range(2..15));
            let scores = random_round(&mut rng, judges, noms);
            let nominations: Vec<Uuid> = (0..noms).map(nom).collect();
            let shifted_judge = judge(rng.random_range(0..judges));
            let c: f64 = rng.random_range(-4.0..4.0);
            let shifted: Vec<Score> = scores
                .iter()
                .map(|x| Score { total: if x.judge == shifted_judge { x.total + c } else { x.total }, ..*x })
                .collect();
            assert_eq!(order(&ranked(&scores, &nominations)), order(&ranked(&shifted, &nominations)));
        }
    }

    #[test]
    fn scaling_one_judges_scores_by_a_positive_factor_does_not_change_the_calibrated_ranking() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..300 {
            let (judges, noms) = (rng.random_range(3..8), rng.random_range(2..15));
            let scores = random_round(&mut rng, judges, noms);
            let nominations: Vec<Uuid> = (0..noms).map(nom).collect();
            let scaled_judge = judge(rng.random_range(0..judges));
            let a: f64 = rng.random_range(0.2..3.0);
            let scaled: Vec<Score> = scores
                .iter()
                .map(|x| Score { total: if x.judge == scaled_judge { x.total * a } else { x.total }, ..*x })
                .collect();
            assert_eq!(order(&ranked(&scores, &nominations)), order(&ranked(&scaled, &nominations)));
        }
    }

    #[test]
    fn a_harsh_and_a_lenient_judge_who_agree_on_order_rank_like_two_neutral_judges() {
        let mut rng = StdRng::seed_from_u64(4);
        let mut raw_order_changed = 0;
        for _ in 0..300 {
            let noms = rng.random_range(4..12);
            let merit: Vec<f64> = (0..noms).map(|_| rng.random_range(1.0..9.0)).collect();
            // judge 0 scores the even nominations, judge 1 the odd ones, judges 2 and 3 all
            let round = |harsh: fn(f64) -> f64, lenient: fn(f64) -> f64| -> Vec<Score> {
                let mut out = Vec::new();
                for (n, &m) in merit.iter().enumerate() {
                    out.push(if n.is_multiple_of(2) { s(0, n, harsh(m)) } else { s(1, n, lenient(m)) });
                    out.push(s(2, n, m));
                    out.push(s(3, n, m));
                }
                out
            };
            let neutral = round(|m| m, |m| m);
            let harsh_lenient = round(|m| 0.5 * m, |m| 4.0 + 0.6 * m);
            let nominations: Vec<Uuid> = (0..noms).map(nom).collect();
            let expected = ranked(&neutral, &nominations);
            let got = ranked(&harsh_lenient, &nominations);
            assert_eq!(order(&expected), order(&got));
            let by_raw = |r: &[Ranked]| {
                let mut v: Vec<(Uuid, f64)> = r.iter().map(|x| (x.nomination, x.mean)).collect();
                v.sort_by(|a, b| b.1.total_cmp(&a.1));
                v.into_iter().map(|x| x.0).collect::<Vec<_>>()
            };
            raw_order_changed += usize::from(by_raw(&got) != by_raw(&expected));
        }
        // the raw means alone would have been misled in some rounds
        assert!(raw_order_changed > 0);
    }

    #[test]
    fn nominations_equal_on_every_rule_are_tied_with_equal_ranks() {
        let scores = [
            s(0, 0, 9.0),
            s(0, 1, 7.0),
            s(0, 2, 7.0),
            s(0, 3, 3.0),
            s(1, 0, 8.0),
            s(1, 1, 6.0),
            s(1, 2, 6.0),
            s(1, 3, 2.0),
        ];
        let r = ranked(&scores, &[nom(3), nom(2), nom(1), nom(0)]);
        assert_eq!(order(&r), [(nom(0), 1), (nom(1), 2), (nom(2), 2), (nom(3), 4)]);
        assert_eq!(r.iter().map(|x| x.tied).collect::<Vec<_>>(), [false, true, true, false]);
        assert!(r[1].indistinguishable_from_next);
    }

    #[test]
    fn the_rule_orders_by_calibrated_mean_then_raw_mean_then_top_marks() {
        use std::cmp::Ordering::*;
        let k = |calibrated, mean, top_marks| Key { calibrated, mean, top_marks };
        assert_eq!(by_rule(&k(7.0, 1.0, 0), &k(6.0, 9.0, 3)), Less);
        assert_eq!(by_rule(&k(7.0, 6.0, 0), &k(7.0, 5.0, 3)), Less);
        assert_eq!(by_rule(&k(7.0, 6.0, 1), &k(7.0, 6.0, 2)), Greater);
        assert_eq!(by_rule(&k(7.0, 6.0, 2), &k(7.0, 6.0, 2)), Equal);
    }

    #[test]
    fn equal_calibrated_means_are_separated_by_the_raw_mean() {
        // judge 0 uses a wide range, judge 1 a narrow one: both nominations average z = 0
        let scores = [s(0, 0, 10.0), s(0, 1, 6.0), s(1, 0, 3.0), s(1, 1, 5.0)];
        let r = ranked(&scores, &[nom(0), nom(1)]);
        assert_eq!(r[0].calibrated, r[1].calibrated);
        assert_eq!(order(&r), [(nom(0), 1), (nom(1), 2)]);
        assert!(!r[0].tied && r[0].indistinguishable_from_next);
    }

    #[test]
    fn the_shortlist_advances_everyone_tied_at_the_cut_off_and_marks_them() {
        let scores = [s(0, 0, 9.0), s(0, 1, 7.0), s(0, 2, 7.0), s(0, 3, 3.0), s(1, 0, 8.0)]
            .into_iter()
            .chain([s(1, 1, 6.0), s(1, 2, 6.0), s(1, 3, 2.0)])
            .collect::<Vec<_>>();
        let r = ranked(&scores, &[nom(0), nom(1), nom(2), nom(3)]);
        let flags = |advance| {
            shortlist(&r, advance).iter().map(|a| (a.advanced, a.tie_at_cutoff)).collect::<Vec<_>>()
        };
        assert_eq!(flags(2), [(true, false), (true, true), (true, true), (false, false)]);
        assert_eq!(flags(3), [(true, false), (true, false), (true, false), (false, false)]);
        assert_eq!(flags(1), [(true, false), (false, false), (false, false), (false, false)]);
        assert_eq!(flags(0), [(false, false); 4]);
    }

    #[test]
    fn nominations_without_scores_come_last_with_count_zero_and_never_advance() {
        let scores = [s(0, 0, 4.0), s(0, 1, 6.0), s(9, 7, 9.0)];
        let r = ranked(&scores, &[nom(5), nom(0), nom(6), nom(1)]);
        assert_eq!(order(&r), [(nom(1), 1), (nom(0), 2), (nom(5), 3), (nom(6), 3)]);
        assert_eq!((r[2].count, r[3].count), (0, 0));
        assert!(
            shortlist(&r, 10)
                .iter()
                .all(|a| a.advanced == (a.nomination == nom(0) || a.nomination == nom(1)))
        );
    }

    #[test]
    fn a_judge_with_a_single_score_or_constant_scores_is_neutralised() {
        let scores = [
            s(0, 0, 2.0),
            s(0, 1, 4.0),
            s(0, 2, 9.0),
            s(1, 0, 3.0),
            s(1, 1, 6.0),
            s(1, 2, 8.0),
            s(2, 1, 10.0), // a single score
            s(3, 0, 7.0),  // constant scores
            s(3, 2, 7.0),
        ];
        let all: Vec<f64> = scores.iter().map(|x| x.total).collect();
        let (global_mean, _) = mean_sd(&all, false);
        let cal = calibrate(&scores, SCALE);
        for pair in [(judge(2), nom(1)), (judge(3), nom(0)), (judge(3), nom(2))] {
            assert!((cal[&pair] - global_mean).abs() < 1e-12, "{pair:?}");
        }
        // whatever the single score is, the calibrated ranking stays the same
        let nominations = [nom(0), nom(1), nom(2)];
        let low: Vec<Score> = scores
            .iter()
            .map(|x| if x.judge == judge(2) { Score { total: 0.0, ..*x } } else { *x })
            .collect();
        assert_eq!(order(&ranked(&scores, &nominations)), order(&ranked(&low, &nominations)));
    }

    #[test]
    fn calibration_uses_the_scores_of_every_category() {
        // judge 0 scores category A (nominations 0, 1) and category B (2, 3)
        let scores = [s(0, 0, 5.0), s(0, 1, 6.0), s(0, 2, 9.0), s(0, 3, 10.0), s(1, 0, 6.0), s(1, 1, 5.0)];
        let cal = calibrate(&scores, SCALE);
        let just_a = calibrate(&scores[..2].iter().chain(&scores[4..]).copied().collect::<Vec<_>>(), SCALE);
        assert_ne!(cal[&(judge(0), nom(0))], just_a[&(judge(0), nom(0))]);
        let r = rank(&scores, SCALE, &[nom(0), nom(1)], &cal);
        assert_eq!(r.iter().map(|x| x.count).collect::<Vec<_>>(), [2, 2]);
    }

    #[test]
    fn spread_deviation_and_top_marks_describe_the_raw_totals() {
        let scores = [s(0, 0, 9.0), s(1, 0, 8.99), s(2, 0, 6.0), s(0, 1, 1.0), s(1, 1, 2.0), s(2, 1, 3.0)];
        let r = ranked(&scores, &[nom(0), nom(1)]);
        let first = &r[0];
        assert_eq!((first.nomination, first.count, first.top_marks), (nom(0), 3, 1));
        assert!((first.spread - 3.0).abs() < 1e-12);
        assert!((first.mean - 23.99 / 3.0).abs() < 1e-12);
        assert!((first.std_dev - 1.729_171_285_1).abs() < 1e-9);
        assert!((SCALE.0..=SCALE.1).contains(&first.calibrated));
    }

    #[test]
    fn a_lead_smaller_than_the_combined_uncertainty_is_flagged() {
        // nominations 0 and 1: judges disagree a lot; nomination 2: far below, judges agree
        let scores = [
            s(0, 0, 9.0),
            s(1, 0, 4.0),
            s(0, 1, 5.0),
            s(1, 1, 7.0),
            s(0, 2, 1.0),
            s(1, 2, 1.0),
            s(0, 3, 3.0),
            s(1, 3, 3.5),
        ];
        let r = ranked(&scores, &[nom(0), nom(1), nom(2), nom(3)]);
        assert_eq!(r.iter().map(|x| x.nomination).collect::<Vec<_>>(), [nom(1), nom(0), nom(3), nom(2)]);
        let flags: Vec<bool> = r.iter().map(|x| x.indistinguishable_from_next).collect();
        assert_eq!(flags, [true, false, false, false]);
    }
}
