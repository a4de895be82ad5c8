//! Closing a vote writes every entry's counts in place, on the page where opening the round put
//! it (an update that adds nothing to the table's indexes).

use serde_json::json;

use crate::helpers::at;
use crate::vote::{CLOSES, vote_contest};

#[tokio::test]
async fn closing_a_vote_of_three_hundred_entries_updates_each_on_its_own_page() {
    let (c, vote) = vote_contest().await;
    // 300 more nominees on the ballot, copies of one nomination, as opening a round adds them
    c.app
        .execute(&format!(
            "INSERT INTO nominations
             SELECT (jsonb_populate_record(NULL::nominations, to_jsonb(n)
                     || jsonb_build_object('id', gen_random_uuid(), 'reference', 'COPY-' || g,
                                         'organization', n.organization || ' ' || g))).*
               FROM nominations n, generate_series(1, 300) g WHERE n.id = '{}'",
            c.c4[0]
        ))
        .await;
    let added = c
        .app
        .execute(&format!(
            "INSERT INTO round_entries (round_id, nomination_id, category_id)
             SELECT '{vote}', id, category_id FROM nominations WHERE reference LIKE 'COPY-%'"
        ))
        .await;
    assert_eq!(added, 300);
    let blocks = async || {
        c.app
            .query_json(&format!(
                "SELECT nomination_id, (ctid::text::point)[0]::int AS block, rank FROM round_entries
                  WHERE round_id = '{vote}' ORDER BY nomination_id"
            ))
            .await
    };
    let before = blocks().await;
    let pages: std::collections::BTreeSet<i64> =
        before.iter().map(|r| r["block"].as_i64().unwrap()).collect();
    assert!(pages.len() >= 5, "the entries fill several pages: {pages:?}");
    c.app.clock.set(at(CLOSES));
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await.status(), 200);
    let after = blocks().await;
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        assert!(a["rank"].is_i64(), "the close ranked every entry: {a}");
        assert_eq!(a["block"], b["block"], "an entry moved to another page: {b} -> {a}");
    }
}
