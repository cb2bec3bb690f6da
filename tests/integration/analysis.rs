//! Beyond the tables: goals decided by the figures, figures in the prose,
//! comparisons with a baseline or another book, shares and per-capita
//! views, and decision records.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::BuildOptions;

fn build(book: &str, compare: Option<&str>) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        compare: compare.map(common::fixture),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture(book), &options).unwrap();
    let html = fs::read_to_string(out.path().join("site/analys.html")).unwrap_or_default();
    (out, html)
}

/// The text of an element with `id`, tags removed and white space folded.
fn text_of(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let tag_start = html[..start].rfind('<').unwrap();
    let name: String = html[tag_start + 1..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let end = start + html[start..].find(&format!("</{name}>")).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[tag_start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace('\u{a0}', " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn goals_are_decided_column_by_column_or_said_to_be_undecidable() {
    let (_out, html) = build("valid/analysis", None);
    assert!(text_of(&html, "mal.caption").contains("0 av 2 avgjorda mål uppfyllda alla år"));
    assert_eq!(
        text_of(&html, "mal.resultatmal"),
        "Resultatet ska vara minst 3 procent av intäkterna. ✓ Uppfyllt 4,0 % ≥ 3 % ✗ Inte uppfyllt 2,9 % < 3 % ✗ Inte uppfyllt 2,4 % < 3 %"
    );
    assert_eq!(
        text_of(&html, "mal.kostnadsokning"),
        "Kostnaderna ska inte öka snabbare än intäkterna. – Underlag saknas ✗ Inte uppfyllt 4,2 % > 3,0 % ✗ Inte uppfyllt 2,5 % > 1,9 %"
    );
    assert!(text_of(&html, "mal.koncern")
        .contains("Budgeten redovisar inte koncernen. ? Kan inte avgöras"));
}

#[test]
fn inline_figures_show_the_tables_figure_and_link_to_its_row() {
    let (_out, html) = build("valid/analysis", None);
    assert!(html.contains("Nämnderna får <a class=\"figure-ref\" href=\"analys.html#drift.skola\">600\u{a0}000</a> tkr"));
    assert!(html.contains(
        "<a class=\"figure-ref\" href=\"analys.html#drift.skola\">640\u{a0}000</a> tkr 2028"
    ));
    assert!(
        html.contains("<a class=\"figure-ref\" href=\"analys.html#resultat.andel\">2,9\u{a0}%</a>")
    );
}

#[test]
fn the_default_book_writes_its_figures_from_the_tables() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::default_book(), &options).unwrap();
    let html = fs::read_to_string(out.path().join("site/03-budgetramar.html")).unwrap();
    assert!(html.contains("Summa: <a class=\"figure-ref\" href=\"03-budgetramar.html#valfardssatsningar.maltider-summa\">7,1</a> mnkr."));
    assert!(html.contains("Totalt <a class=\"figure-ref\" href=\"03-budgetramar.html#valfardssatsningar.totalt\">7,9</a> mnkr"));
    let goals =
        fs::read_to_string(out.path().join("site/08-god-ekonomisk-hushallning.html")).unwrap();
    assert!(text_of(&goals, "finansiella-mal.resultat").ends_with(
        "✓ Uppfyllt 4,3 % ≥ 4 % ✗ Inte uppfyllt 3,5 % < 4 % ✗ Inte uppfyllt 3,1 % < 4 %"
    ));
    assert!(text_of(&goals, "finansiella-mal.soliditet").contains("Kan inte avgöras"));
    let change = text_of(&html, "forslag-poster.omstallningsfonden");
    assert_eq!(change, "Omställningsfonden (Kommunstyrelsen) 0 −5 −100,0 %");
    assert_eq!(
        text_of(&html, "forslag-poster.summa"),
        "Summa (summa) 7,9 +2,9 +58,0 %"
    );
}

#[test]
fn a_table_is_compared_with_its_baseline() {
    let (_out, html) = build("valid/analysis", None);
    assert!(text_of(&html, "plan.caption").contains("Jämfört med: Förra årets plan"));
    assert_eq!(
        text_of(&html, "plan.skola"),
        "Skola 110 +10 +10,0 % 120 +20 +20,0 % 130 +30 +30,0 %"
    );
}

#[test]
fn another_book_can_be_the_baseline() {
    let (_out, html) = build("valid/analysis", Some("valid/analysis-baseline"));
    assert!(text_of(&html, "drift.caption").contains("Jämfört med: Driftbudget förra året"));
    assert!(text_of(&html, "drift.skola").starts_with("Skola 600 000 +20 000 +3,4 %"));
}

#[test]
fn shares_and_kronor_per_inhabitant_sit_beside_each_figure() {
    let (_out, html) = build("valid/analysis", None);
    assert_eq!(
        text_of(&html, "drift.skola"),
        "Skola 600 000 60,0 % 15 000 620 000 60,2 % 15 500 640 000 60,4 % 16 000"
    );
    assert!(text_of(&html, "drift.summa").starts_with("Summa (summa) 1 000 000 100,0 % 25 000"));
}

#[test]
fn a_decision_record_links_each_proposal_step_and_reservation() {
    let (out, _) = build("valid/analysis", None);
    let html = fs::read_to_string(out.path().join("site/beslut.html")).unwrap();
    assert_eq!(
        text_of(&html, "ks-1.yrkande"),
        "Anna Andersson (X) : Budgeten återremitteras. – avslaget #"
    );
    assert!(text_of(&html, "ks-1.steg-1").starts_with("Bifall mot återremiss. Budgeten antas."));
    assert!(text_of(&html, "ks-1.res-x").contains("reserverar sig."));
    assert!(html.contains("<dd>2026.1 KS</dd>"));
    assert_eq!(
        common::broken_links(&out.path().join("site")),
        Vec::<String>::new()
    );
    let appendix_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/bilaga-ks-217.md");
    assert!(fs::read_to_string(appendix_path)
        .unwrap()
        .contains("kind: decision"));
}

#[test]
fn a_per_capita_view_knows_the_factor_of_a_pound_unit() {
    let (out, _) = build("valid/english-fiscal-year", None);
    let html = fs::read_to_string(out.path().join("site/budget.html")).unwrap();
    assert!(
        text_of(&html, "spending.schools").starts_with("Schools 12.50 25 13 26 14 28"),
        "£m figures per inhabitant (500,000): {}",
        text_of(&html, "spending.schools")
    );
}
