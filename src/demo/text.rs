//! What the demo writes into each 2021 nomination: the 2015 list has a title, an organisation,
//! a country and a category per project; the rest (summary, stakeholder type, goals, start date,
//! contact) is generated here, deterministically, so a rerun on an empty database is the same demo.

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use crate::domain::import::ImportedProject;

/// Deterministic numbers from a text (FNV-1a), so a rerun on an empty database is the same demo.
pub(super) fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

/// A stakeholder type guessed from the organisation's name (the 2015 list has none).
pub fn stakeholder_type(organization: &str, country: &str) -> &'static str {
    let o = organization.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| o.contains(w));
    if country == "INT" {
        "international_organization"
    } else if any(&[
        "ministry",
        "ministère",
        "ministerio",
        "government",
        "gobierno",
        "agency",
        "authority",
        "commission",
        "council",
        "department",
        "municipal",
        "national",
        "state ",
        "office",
    ]) {
        "government"
    } else if any(&[
        "universit",
        "institute",
        "instituto",
        "facultad",
        "faculty",
        "school",
        "college",
        "academy",
        "research",
    ]) {
        "academia"
    } else if any(&[
        "ltd",
        "inc.",
        "corporation",
        "s.a.",
        "spa",
        "gmbh",
        "company",
        " co",
        "telecom",
        "sp. z o.o.",
        "bank",
    ]) {
        "private_sector"
    } else if any(&[
        "foundation",
        "association",
        "ngo",
        "onlus",
        "library",
        "biblioteca",
        "society",
        "network",
        "centre",
        "center",
    ]) {
        "civil_society"
    } else {
        "other"
    }
}

/// Sustainable Development Goals an action line serves most directly.
pub fn sdgs(category: &str) -> Vec<i32> {
    match category {
        "C1" | "C6" | "C11" => vec![17],
        "C2" => vec![9],
        "C3" => vec![4, 9],
        "C4" | "C7-ELEARN" => vec![4],
        "C5" | "C9" | "C7-EGOV" => vec![16],
        "C7-EBUS" | "C7-EEMPLOY" => vec![8],
        "C7-EHEALTH" => vec![3],
        "C7-EENV" => vec![13],
        "C7-EAGRI" => vec![2],
        "C7-ESCI" => vec![9],
        "C8" => vec![11],
        _ => vec![5, 10],
    }
}

/// The summary the demo gives a project: 150–200 words, saying plainly what it is.
pub fn summary(p: &ImportedProject, category_name: &str) -> String {
    let mut text = format!(
        "{title} is a project of {org}. It is a demonstration entry: the title, the organisation, the \
         country and the category are real, taken from the list of projects nominated for the WSIS \
         Project Prizes 2015, while this text was written for the demo and does not describe the project. \
         The category is {category_name}. In a real call the summary tells the Expert Group and the \
         public, in 150 to 200 words, what the project does, for whom, since when and with what results, \
         so that anyone can understand it without reading the description.",
        title = p.title,
        org = p.organization,
    );
    const MORE: [&str; 6] = [
        "It is the text shown on the public page of every Winner and Champion.",
        "It also goes into the open data that the WSIS Stocktaking database and other ICT databases reuse.",
        "Judges read it first, then score the nomination against the criteria of the round.",
        "Nominators can change it until the deadline, which the server's clock enforces to the second.",
        "After the deadline it is frozen, and every judge reads the same words.",
        "Organisers can export it with every other field as CSV or as a spreadsheet.",
    ];
    for sentence in MORE {
        if crate::domain::words::count_words(&text) >= 150 {
            break;
        }
        text.push(' ');
        text.push_str(sentence);
    }
    text
}

/// The complete nomination the `n`-th project of the 2015 list becomes.
pub(super) fn nomination_body(p: &ImportedProject, category_name: &str, n: usize) -> Value {
    let h = hash(&p.title);
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).expect("a date") + Duration::days((h % 2500) as i64);
    json!({
        "category": p.category,
        "title": p.title,
        "summary": summary(p, category_name),
        "description": format!("{} by {}: a demonstration entry built from the 2015 list of nominated projects.", p.title, p.organization),
        "impact": "Demonstration text: in a real nomination, the measured results and who benefits.",
        "partnerships": "Demonstration text: in a real nomination, the partners and their roles.",
        "challenges": "",
        "organization": p.organization,
        "stakeholder_type": stakeholder_type(&p.organization, p.country),
        "country": p.country,
        "sdgs": sdgs(p.category),
        "website": "",
        "project_start": start.to_string(),
        "project_status": if h.is_multiple_of(5) { "major_phase_completed" } else { "running" },
        "contact_name": format!("Demo contact {}", n + 1),
        "contact_email": format!("contact{}@nominee.demo.example", n + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::read_project_list;
    use crate::domain::words::count_words;

    #[test]
    fn every_demo_summary_has_150_to_200_words() {
        let report = read_project_list(crate::demo::PROJECTS);
        for p in &report.projects {
            for c in crate::domain::categories::DEFAULT_CATEGORIES {
                let words = count_words(&summary(p, c.name));
                assert!((150..=200).contains(&words), "{} words for {}", words, p.title);
            }
        }
    }

    #[test]
    fn stakeholder_types_are_guessed_from_the_organisation() {
        assert_eq!(stakeholder_type("Ministry of Health", "SA"), "government");
        assert_eq!(stakeholder_type("Majmaah University", "SA"), "academia");
        assert_eq!(stakeholder_type("Intel Corporation", "US"), "private_sector");
        assert_eq!(stakeholder_type("Informatici Senza Frontiere Onlus", "IT"), "civil_society");
        assert_eq!(stakeholder_type("African Union Commission", "INT"), "international_organization");
    }
}
