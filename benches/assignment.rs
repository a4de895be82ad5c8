//! Benchmark of the automatic assignment: 10,000 nominations in 18 categories, 200 judges
//! (a third of them on category panels, organisations and e-mail domains overlapping), 3 judges
//! per nomination. Prints the median time of a few runs and checks the plan.
//!
//! Run with `cargo bench --bench assignment`.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;
use wsis_prizes::domain::assignment::{Input, Judge, Nomination, plan};

const NOMINATIONS: usize = 10_000;
const JUDGES: usize = 200;
const CATEGORIES: usize = 18;
const PER_NOMINATION: usize = 3;
const RUNS: usize = 7;

fn instance() -> Input {
    let mut rng = StdRng::seed_from_u64(2026);
    let category = |i: usize| format!("C{}", i + 1);
    // 150 organisations that both nominate and provide judges, plus many that only nominate
    let org = |i: usize| format!("Organisation {i}");
    let domain =
        |i: usize| if i.is_multiple_of(10) { "gmail.com".to_owned() } else { format!("org{i}.example") };
    let nominations = (0..NOMINATIONS)
        .map(|_| {
            let o = if rng.random_bool(0.3) { rng.random_range(0..150) } else { rng.random_range(150..5000) };
            Nomination {
                id: Uuid::from_u128(rng.random()),
                category: category(rng.random_range(0..CATEGORIES)),
                organization: org(o),
                email_domains: vec![domain(o), domain(rng.random_range(0..5000))],
            }
        })
        .collect::<Vec<_>>();
    let judges = (0..JUDGES)
        .map(|i| {
            let o = rng.random_range(0..150);
            let categories = i.is_multiple_of(3).then(|| {
                (0..rng.random_range(1..=3)).map(|_| category(rng.random_range(0..CATEGORIES))).collect()
            });
            Judge {
                id: Uuid::from_u128(rng.random()),
                categories,
                organization: org(o).to_uppercase(),
                email_domain: domain(o),
            }
        })
        .collect::<Vec<_>>();
    let conflicts = (0..500)
        .map(|_| (nominations[rng.random_range(0..NOMINATIONS)].id, judges[rng.random_range(0..JUDGES)].id))
        .collect();
    Input { nominations, judges, per_nomination: PER_NOMINATION, conflicts, keep: vec![], seed: 7 }
}

fn main() {
    let input = instance();
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let p = plan(&input);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(p);
    }
    times.sort_by(f64::total_cmp);
    let p = last.expect("at least one run");

    let mut per_nomination: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for (n, j) in &p.assignments {
        per_nomination.entry(*n).or_default().insert(*j);
    }
    let complete = input
        .nominations
        .iter()
        .filter(|n| per_nomination.get(&n.id).is_some_and(|js| js.len() == PER_NOMINATION))
        .count();
    let general: Vec<usize> =
        input.judges.iter().filter(|j| j.categories.is_none()).map(|j| p.loads[&j.id]).collect();
    let (min, max) = (p.loads.values().min().unwrap(), p.loads.values().max().unwrap());
    println!(
        "assignment: {NOMINATIONS} nominations × {JUDGES} judges × {PER_NOMINATION}: median {:.1} ms \
         (min {:.1}, max {:.1} over {RUNS} runs)",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
    println!(
        "check: {complete}/{NOMINATIONS} nominations got {PER_NOMINATION} judges; {} assignments; \
         loads {min}..{max} (max − min = {}); judges of every category {}..{}; shortfalls: {}",
        p.assignments.len(),
        max - min,
        general.iter().min().unwrap(),
        general.iter().max().unwrap(),
        p.shortfalls.len()
    );
    for s in &p.shortfalls {
        println!("  {}", s.message);
    }
    assert_eq!(complete, NOMINATIONS, "every nomination should get {PER_NOMINATION} judges");
}
