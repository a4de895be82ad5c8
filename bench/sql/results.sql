-- P5 baseline: a round's results as one SQL statement — the same job as closing the round in the
-- service (src/routes/rounds/close.rs and src/domain/scoring.rs): every judge's totals
-- standardised by the judge's own mean and standard deviation and mapped back onto the round's
-- distribution (calibration), per nomination the mean, spread, standard deviation and count of
-- the raw totals and the mean and standard error of the calibrated ones, ranked per category by
-- calibrated mean, raw mean and top marks (competition ranking with ties), the top :adv
-- advancing (whole ties at the cut-off), close calls flagged, and the frozen results written to
-- round_entries. The harness fills in {round}, {adv}, {lo}, {hi} and the final statement.
WITH s AS (
    SELECT judge_id, nomination_id, total FROM scores WHERE round_id = '{round}'
), g AS (
    SELECT avg(total) AS gm, coalesce(stddev_pop(total), 0) AS gsd FROM s
), j AS (
    SELECT judge_id, avg(total) AS jm, stddev_pop(total) AS jsd, count(*) AS jn FROM s GROUP BY judge_id
), c AS (
    SELECT s.nomination_id, s.total,
           g.gm + CASE WHEN j.jn >= 2 AND j.jsd > 1e-9 * greatest(1, {hi} - {lo})
                       THEN (s.total - j.jm) / j.jsd ELSE 0 END * g.gsd AS cal
    FROM s JOIN j USING (judge_id) CROSS JOIN g
), n AS (
    SELECT nomination_id, avg(total) AS mean, max(total) - min(total) AS spread,
           coalesce(stddev_samp(total), 0) AS sd, count(*) AS cnt,
           avg(cal) AS cal_mean, coalesce(stddev_samp(cal), 0) AS cal_sd,
           count(*) FILTER (WHERE total >= {lo} + 0.9 * ({hi} - {lo}) - 1e-9 * ({hi} - {lo})) AS top_marks
    FROM c GROUP BY nomination_id
), e AS (
    SELECT e.nomination_id, e.category_id, n.mean, n.spread, n.sd, coalesce(n.cnt, 0) AS cnt, n.cal_mean,
           CASE WHEN n.cnt >= 2 THEN n.cal_sd / sqrt(n.cnt) ELSE (SELECT gsd FROM g) END AS unc,
           n.top_marks,
           round(n.cal_mean / (1e-9 * ({hi} - {lo}))) AS k1,
           round(n.mean / (1e-9 * ({hi} - {lo}))) AS k2
    FROM round_entries e LEFT JOIN n USING (nomination_id)
    WHERE e.round_id = '{round}'
), r AS (
    SELECT e.*,
           rank() OVER (PARTITION BY category_id ORDER BY k1 DESC NULLS LAST, k2 DESC NULLS LAST,
                                                          top_marks DESC NULLS LAST) AS rnk,
           count(*) OVER (PARTITION BY category_id, k1, k2, top_marks) AS tie_n,
           lead(cal_mean) OVER w AS next_cal, lead(unc) OVER w AS next_unc, lead(k1) OVER w AS next_k1
    FROM e
    WINDOW w AS (PARTITION BY category_id ORDER BY k1 DESC NULLS LAST, k2 DESC NULLS LAST,
                                                   top_marks DESC NULLS LAST, nomination_id)
)
{final}
