//! In-process request metrics (per web process; Prometheus sums them across processes).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counters by status class (1xx..5xx) and a latency histogram.
pub struct Metrics {
    started: Instant,
    by_class: [AtomicU64; 5],
    buckets: [AtomicU64; BOUNDS_MS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

const BOUNDS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics {
    started: Instant::now(),
    by_class: Default::default(),
    buckets: Default::default(),
    count: AtomicU64::new(0),
    sum_micros: AtomicU64::new(0),
});

impl Metrics {
    /// Records one finished request.
    pub fn observe(&self, status: u16, elapsed: std::time::Duration) {
        let class = (status / 100).clamp(1, 5) as usize - 1;
        self.by_class[class].fetch_add(1, Ordering::Relaxed);
        let micros = elapsed.as_micros() as u64;
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        for (i, b) in BOUNDS_MS.iter().enumerate() {
            if micros <= b * 1000 {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("# HELP wsis_process_uptime_seconds Seconds since the process started.\n");
        s.push_str("# TYPE wsis_process_uptime_seconds gauge\n");
        s.push_str(&format!("wsis_process_uptime_seconds {}\n", self.started.elapsed().as_secs()));
        s.push_str("# HELP wsis_http_requests_total HTTP requests answered, by status class.\n");
        s.push_str("# TYPE wsis_http_requests_total counter\n");
        for (i, c) in self.by_class.iter().enumerate() {
            s.push_str(&format!(
                "wsis_http_requests_total{{status=\"{}xx\"}} {}\n",
                i + 1,
                c.load(Ordering::Relaxed)
            ));
        }
        s.push_str("# HELP wsis_http_request_duration_seconds Time to answer a request.\n");
        s.push_str("# TYPE wsis_http_request_duration_seconds histogram\n");
        for (i, b) in BOUNDS_MS.iter().enumerate() {
            s.push_str(&format!(
                "wsis_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                *b as f64 / 1000.0,
                self.buckets[i].load(Ordering::Relaxed)
            ));
        }
        let count = self.count.load(Ordering::Relaxed);
        s.push_str(&format!("wsis_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n"));
        s.push_str(&format!(
            "wsis_http_request_duration_seconds_sum {}\n",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        ));
        s.push_str(&format!("wsis_http_request_duration_seconds_count {count}\n"));
        s
    }
}
