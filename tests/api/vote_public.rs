//! How the public finds a vote: an edition's public body names its vote once it is opened (its
//! ballot and voting window), and the ballot names its edition and the edition's time zone.

use serde_json::{Value, json};

use crate::judging::contest;
use crate::vote::{CLOSES, OPENS, draft_vote};

async fn public_json(c: &crate::judging::Contest, path: &str) -> Value {
    let res = c.app.new_browser().get(c.app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// The edition 2021 as the public list of editions shows it.
async fn listed_2021(c: &crate::judging::Contest) -> Value {
    let list = public_json(c, "/api/v1/editions").await;
    list.as_array().unwrap().iter().find(|e| e["year"] == 2021).unwrap().clone()
}

#[tokio::test]
async fn an_edition_names_its_vote_to_the_public_from_its_opening_on_and_the_ballot_names_the_edition() {
    let c = contest().await;
    // no vote yet, then a vote still in draft: the public sees none
    assert_eq!(public_json(&c, "/api/v1/editions/2021").await["vote"], Value::Null);
    let vote = draft_vote(&c).await;
    assert_eq!(public_json(&c, "/api/v1/editions/2021").await["vote"], Value::Null);
    assert_eq!(listed_2021(&c).await["vote"], Value::Null);

    // opened: the edition names it, in its own body and in the list, with its window
    c.open(&vote).await;
    let named = json!({"round_id": vote, "name": "Public online vote", "status": "open", "opens_at": OPENS, "closes_at": CLOSES});
    assert_eq!(public_json(&c, "/api/v1/editions/2021").await["vote"], named);
    assert_eq!(listed_2021(&c).await["vote"], named);
    let keys: Vec<String> = named.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys.len(), 5, "never a count: {keys:?}");

    // the ballot says which edition it belongs to and in which zone its window is official
    let ballot = public_json(&c, &format!("/api/v1/rounds/{vote}/ballot")).await;
    assert_eq!(ballot["edition"], 2021);
    assert_eq!(ballot["edition_name"], "WSIS Prizes 2021");
    assert_eq!(ballot["timezone"], "Europe/Zurich");

    // closed: still named, as closed
    c.app.clock.set(crate::helpers::at(CLOSES));
    let res = c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(public_json(&c, "/api/v1/editions/2021").await["vote"]["status"], "closed");
}
