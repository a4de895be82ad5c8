//! Reading a published list of nominated projects (`Category,Project,Organisation,Country`, the
//! form ITU published the 2015 list in): category labels are mapped to category codes, ITU's
//! country names to ISO 3166-1 codes, known mis-encodings are repaired, and every row that
//! cannot be mapped, or was repaired, is reported by line rather than silently dropped.

use crate::domain::categories::DEFAULT_CATEGORIES;
use crate::domain::country::INTERNATIONAL;

/// A project read from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedProject {
    /// Line in the file (1 is the header).
    pub line: usize,
    /// Category code, e.g. `C7-EHEALTH`.
    pub category: &'static str,
    /// Project title.
    pub title: String,
    /// Nominating organisation.
    pub organization: String,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: &'static str,
}

/// What was read, and what was not.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The projects that map, in file order (a project listed twice is kept once).
    pub projects: Vec<ImportedProject>,
    /// Rows that were changed to map, by line.
    pub repaired: Vec<String>,
    /// Rows left out, by line, with the reason.
    pub skipped: Vec<String>,
}

/// Mis-encoded byte sequences seen in the published list (UTF-8 read as Mac Roman and back)
/// and what they stood for. `\xcc_` lost a byte and is resolved by context in [`repair`].
const MOJIBAKE: [(&[u8], &str); 17] = [
    (b"\x89\xdb\xaa", "\u{2019}"),
    (b"\x89\xdb\x9d", "\u{201d}"),
    (b"\x89\xdb\xcf", "\u{201c}"),
    (b"\x89\xdb\xd2", "\u{2013}"),
    (b"\x89\xdb_", "\u{201c}"),
    (b"\x80\xe0", "\u{107}"),
    (b"\x81\xe2", "\u{142}"),
    (b"\x88__", ""),
    (b"\xcc\xa9", "\u{e9}"),
    (b"\xcc\xa2", "\u{e2}"),
    (b"\xcc\xb1", "\u{f1}"),
    (b"\xcc\x81", "\u{c1}"),
    (b"\xcc\xc1", "\u{e1}"),
    (b"\xcc\xd2", "\u{d3}"),
    (b"\xe5\xc7", "\u{ab}"),
    (b"\xe5\xc8", "\u{bb}"),
    (b"\xe5\xa8", "\u{ae}"),
];

/// Repairs the known mis-encodings of one line; returns the text and whether it changed.
/// Sequences that are not known become U+FFFD.
pub fn repair(line: &[u8]) -> (String, bool) {
    let mut out: Vec<u8> = Vec::with_capacity(line.len());
    let mut changed = false;
    let mut i = 0;
    'bytes: while i < line.len() {
        for (bad, good) in MOJIBAKE {
            if line[i..].starts_with(bad) {
                out.extend_from_slice(good.as_bytes());
                i += bad.len();
                changed = true;
                continue 'bytes;
            }
        }
        if line[i..].starts_with(b"\xcc_") {
            // a lost second byte: Ú at a word's start, í before `o` or a word's end, else ó
            let before = out.last().copied().unwrap_or(b' ');
            let after = line.get(i + 2).copied().unwrap_or(b' ');
            let ch = if !before.is_ascii_alphabetic() {
                "\u{da}"
            } else if after == b'o' || !after.is_ascii_alphabetic() {
                "\u{ed}"
            } else {
                "\u{f3}"
            };
            out.extend_from_slice(ch.as_bytes());
            i += 2;
            changed = true;
            continue;
        }
        out.push(line[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => (s, changed),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// ITU's country names (as in its lists) → ISO 3166-1 alpha-2.
const ITU_COUNTRIES: [(&str, &str); 74] = [
    ("ALGERIA", "DZ"),
    ("ARGENTINA", "AR"),
    ("AZERBAIJAN", "AZ"),
    ("BANGLADESH", "BD"),
    ("BENIN", "BJ"),
    ("BOLIVIA", "BO"),
    ("BULGARIA", "BG"),
    ("BURKINA FASO", "BF"),
    ("CAMEROON", "CM"),
    ("CANADA", "CA"),
    ("CHILE", "CL"),
    ("CHINA", "CN"),
    ("COLOMBIA", "CO"),
    ("CROATIA", "HR"),
    ("CUBA", "CU"),
    ("DEMOCRATIC REPUBLIC OF THE CONGO", "CD"),
    ("EGYPT", "EG"),
    ("ETHIOPIA", "ET"),
    ("FIJI", "FJ"),
    ("FRANCE", "FR"),
    ("GEORGIA", "GE"),
    ("GERMANY", "DE"),
    ("INDIA", "IN"),
    ("INDONESIA", "ID"),
    ("INTERNATIONAL", INTERNATIONAL),
    ("IRAN (ISLAMIC REPUBLIC OF)", "IR"),
    ("ITALY", "IT"),
    ("JAPAN", "JP"),
    ("KAZAKHSTAN", "KZ"),
    ("KENYA", "KE"),
    ("KOREA (REP. OF)", "KR"),
    ("KUWAIT", "KW"),
    ("LATVIA", "LV"),
    ("LEBANON", "LB"),
    ("MALAYSIA", "MY"),
    ("MALTA", "MT"),
    ("MEXICO", "MX"),
    ("MONGOLIA", "MN"),
    ("MONTENEGRO (REPUBLIC OF)", "ME"),
    ("MOROCCO", "MA"),
    ("NEPAL (REPUBLIC OF)", "NP"),
    ("NETHERLANDS", "NL"),
    ("NIGERIA", "NG"),
    ("OMAN", "OM"),
    ("PAKISTAN", "PK"),
    ("PERU", "PE"),
    ("PHILIPPINES", "PH"),
    ("POLAND", "PL"),
    ("PORTUGAL", "PT"),
    ("QATAR", "QA"),
    ("ROMANIA", "RO"),
    ("RUSSIAN FEDERATION", "RU"),
    ("RWANDA", "RW"),
    ("SAUDI ARABIA", "SA"),
    ("SERBIA", "RS"),
    ("SINGAPORE", "SG"),
    ("SOUTH AFRICA", "ZA"),
    ("SPAIN", "ES"),
    ("SRI LANKA", "LK"),
    ("SUDAN", "SD"),
    ("SWITZERLAND", "CH"),
    ("THAILAND", "TH"),
    ("TOGO", "TG"),
    ("TRINIDAD AND TOBAGO", "TT"),
    ("TURKEY", "TR"),
    ("UGANDA", "UG"),
    ("UNITED ARAB EMIRATES", "AE"),
    ("UNITED KINGDOM", "GB"),
    ("UNITED REPUBLIC OF TANZANIA", "TZ"),
    ("UNITED STATES OF AMERICA", "US"),
    ("URUGUAY", "UY"),
    ("YEMEN", "YE"),
    ("ZAMBIA", "ZM"),
    ("VIET NAM", "VN"),
];

/// The ISO code of an ITU country name (any case, surrounding spaces ignored).
pub fn country_code(name: &str) -> Option<&'static str> {
    let name = name.trim().to_uppercase();
    ITU_COUNTRIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The category code of a label such as `C7. ICT APPLICATIONS: E-HEALTH` (any case).
pub fn category_code(label: &str) -> Option<&'static str> {
    let label = label.trim().to_uppercase();
    DEFAULT_CATEGORIES
        .iter()
        .find(|c| format!("{}. {}", c.action_line, c.name).to_uppercase() == label)
        .map(|c| c.code)
}

/// Letters and digits in lower case, words separated by one space.
fn normal(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a row repeats a project already read: same country, one organisation name the start
/// of the other, one title inside the other (`Leqa'a (VIDEO CONFERENCE SYSTEM)` by the
/// `MINISTRY OF EDUCATION - MOE` and `(Video Conference System)` by the `Ministry of Education`).
fn same_project(p: &ImportedProject, title: &str, organization: &str, country: &str) -> bool {
    let (t1, t2) = (normal(&p.title), normal(title));
    let (o1, o2) = (normal(&p.organization), normal(organization));
    p.country == country
        && !t1.is_empty()
        && !t2.is_empty()
        && (o1.starts_with(&o2) || o2.starts_with(&o1))
        && (t1.contains(&t2) || t2.contains(&t1))
}

/// Reads the list.
pub fn read_project_list(bytes: &[u8]) -> ImportReport {
    let mut report = ImportReport::default();
    let mut text = String::with_capacity(bytes.len());
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let (fixed, changed) = repair(line);
        if changed {
            report.repaired.push(format!("line {}: repaired mis-encoded characters", n + 1));
        }
        text.push_str(&fixed);
        text.push('\n');
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.skipped.push(format!("unreadable row: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        if record.len() != 4 {
            report.skipped.push(format!("line {line}: {} columns instead of 4", record.len()));
            continue;
        }
        let (label, title, mut organization, country_name) = (field(0), field(1), field(2), field(3));
        let Some(category) = category_code(&label) else {
            report.skipped.push(format!("line {line}: unknown category \u{201c}{label}\u{201d}"));
            continue;
        };
        let country = match country_code(&country_name) {
            Some(c) => c,
            // a name split at a comma: `Co`, `Ltd., THAILAND`
            None => match country_name
                .rsplit_once(", ")
                .and_then(|(head, tail)| Some((head, country_code(tail)?)))
            {
                Some((head, code)) => {
                    organization = format!("{organization}, {}", head.trim());
                    report
                        .repaired
                        .push(format!("line {line}: organisation and country were split at a comma"));
                    code
                }
                None => {
                    report
                        .skipped
                        .push(format!("line {line}: unknown country \u{201c}{country_name}\u{201d}"));
                    continue;
                }
            },
        };
        if title.is_empty() || organization.is_empty() {
            report.skipped.push(format!("line {line}: no title or organisation"));
            continue;
        }
        if let Some(first) = report.projects.iter().find(|p| same_project(p, &title, &organization, country))
        {
            report.skipped.push(format!(
                "line {line}: \u{201c}{title}\u{201d} is already entered in {} (line {}); kept once",
                first.category, first.line
            ));
            continue;
        }
        report.projects.push(ImportedProject { line, category, title, organization, country });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST_2015: &[u8] = include_bytes!("../../data/wsis-project-prizes-2015-nominated.csv");

    #[test]
    fn every_2015_label_maps_to_one_of_the_eighteen_categories() {
        let report = read_project_list(LIST_2015);
        assert!(report.skipped.iter().all(|s| !s.contains("unknown category")), "{:?}", report.skipped);
        let codes: std::collections::HashSet<&str> = report.projects.iter().map(|p| p.category).collect();
        assert_eq!(codes.len(), 18);
    }

    #[test]
    fn the_2015_list_reads_with_its_flaws_repaired_or_reported() {
        let report = read_project_list(LIST_2015);
        // 302 rows; the Saudi video-conference system (C1, C2) and toxicology system (C7-EGOV,
        // C7-EHEALTH) were each entered in two categories
        assert_eq!(report.projects.len(), 300);
        assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
        assert!(report.skipped.iter().all(|s| s.contains("already entered")));
        assert!(
            report
                .projects
                .iter()
                .all(|p| !p.title.contains('\u{fffd}') && !p.organization.contains('\u{fffd}'))
        );
        let split = report.projects.iter().find(|p| p.title.starts_with("SenzE")).unwrap();
        assert_eq!((split.organization.as_str(), split.country), ("Meditech Solution Co, Ltd.", "TH"));
        assert!(
            report.projects.iter().any(|p| p.title
                == "Puntos M\u{e9}xico Conectado: Digital innovation and education community centers")
        );
        assert!(report.projects.iter().any(|p| p.organization == "Telef\u{f3}nica S.A."));
        assert!(report.projects.iter().any(|p| p.title == "En TIC Conf\u{ed}o"));
        assert!(report.projects.iter().any(|p| p.title.starts_with("Ventanilla \u{da}nica")));
        assert!(report.projects.iter().any(|p| p.country == "INT"));
    }

    #[test]
    fn unknown_labels_and_countries_are_reported_by_line() {
        let csv = b"Category,Project,Organisation,Country\nC12. SPACE,Moon,Org,KENYA\nC9. MEDIA,Radio,Org,ATLANTIS\nC9. MEDIA,TV,Org\n";
        let report = read_project_list(csv);
        assert!(report.projects.is_empty());
        assert_eq!(report.skipped.len(), 3);
        assert!(report.skipped[0].starts_with("line 2: unknown category"));
        assert!(report.skipped[1].starts_with("line 3: unknown country"));
        assert!(report.skipped[2].starts_with("line 4: 3 columns"));
    }

    #[test]
    fn itu_country_names_map_to_iso_codes() {
        assert_eq!(country_code("KOREA (REP. OF)"), Some("KR"));
        assert_eq!(country_code(" united kingdom "), Some("GB"));
        assert_eq!(country_code("INTERNATIONAL"), Some("INT"));
        assert!(ITU_COUNTRIES.iter().all(|(_, c)| crate::domain::country::is_valid(c)));
    }
}
