//! Benchmark of a round's results in memory, the part of closing a round (P5 of `make bench`)
//! that is neither reading the scores nor writing the entries: 100,000 nominations in 18
//! categories, 300 judges, 3 judges per nomination (300,000 scores), calibrated, ranked per
//! category and shortlisted. Prints the median time of each step over a few runs.
//!
//! Run with `cargo bench --bench scoring`.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;
use wsis_prizes::domain::scoring::{Score, calibrate, rank_categories, shortlist};

const NOMINATIONS: usize = 100_000;
const JUDGES: usize = 300;
const CATEGORIES: usize = 18;
const PER_NOMINATION: usize = 3;
const RUNS: usize = 5;
/// Five criteria of weight 1, marked 0–10.
const SCALE: (f64, f64) = (0.0, 50.0);

fn instance() -> (Vec<Score>, Vec<(usize, Vec<Uuid>)>) {
    let mut rng = StdRng::seed_from_u64(2026);
    let judges: Vec<Uuid> = (0..JUDGES).map(|_| Uuid::from_u128(rng.random())).collect();
    let bias: Vec<f64> = (0..JUDGES).map(|_| rng.random_range(-5.0..5.0)).collect();
    let mut categories: Vec<(usize, Vec<Uuid>)> = (0..CATEGORIES).map(|c| (c, Vec::new())).collect();
    let mut scores = Vec::with_capacity(NOMINATIONS * PER_NOMINATION);
    for i in 0..NOMINATIONS {
        let nomination = Uuid::from_u128(rng.random());
        categories[rng.random_range(0..CATEGORIES)].1.push(nomination);
        let merit: f64 = rng.random_range(10.0..40.0);
        for k in 0..PER_NOMINATION {
            let j = (i * PER_NOMINATION + k) % JUDGES;
            let total = (merit + bias[j] + rng.random_range(-10.0..10.0)).clamp(SCALE.0, SCALE.1).round();
            scores.push(Score { judge: judges[j], nomination, total });
        }
    }
    (scores, categories)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let (scores, categories) = instance();
    let (mut t_cal, mut t_rank, mut t_short) = (vec![], vec![], vec![]);
    let mut advanced = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let calibrated = calibrate(&scores, SCALE);
        t_cal.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        let ranked = rank_categories(&scores, SCALE, categories.clone(), &calibrated);
        t_rank.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        advanced = ranked.iter().map(|(_, r)| shortlist(r, 20).iter().filter(|a| a.advanced).count()).sum();
        t_short.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(ranked.iter().map(|(_, r)| r.len()).sum::<usize>(), NOMINATIONS);
    }
    if let Ok(path) = std::env::var("SCORING_DUMP") {
        // every result bit for bit, to compare two implementations
        let calibrated = calibrate(&scores, SCALE);
        let mut out = String::new();
        for (c, ranked) in rank_categories(&scores, SCALE, categories.clone(), &calibrated) {
            for r in ranked {
                out.push_str(&format!("{c} {r:?} {:x}\n", r.calibrated.to_bits() ^ r.uncertainty.to_bits()));
            }
        }
        let mut cal: Vec<_> =
            calibrated.into_iter().map(|(k, v)| format!("{k:?} {:x}", v.to_bits())).collect();
        cal.sort();
        out.push_str(&cal.join("\n"));
        std::fs::write(path, out).expect("writing the dump");
    }
    let (cal, rank, short) = (median(t_cal), median(t_rank), median(t_short));
    println!(
        "results: {NOMINATIONS} nominations × {PER_NOMINATION} judges of {JUDGES}, {CATEGORIES} categories: \
         median over {RUNS} runs: calibrate {cal:.1} ms, rank {rank:.1} ms, shortlist {short:.1} ms \
         (total {:.1} ms); {advanced} advanced",
        cal + rank + short
    );
    assert!(advanced >= 20 * CATEGORIES, "each category should advance at least 20");
}
