//! The default book (the repository's own `content/`): the Alingsås budget
//! proposal 2026–2028. It must build, link and show every figure of chapter 9.

use crate::common;

use std::fs;

use budgetbook::BuildOptions;

fn build_default_book() -> (tempfile::TempDir, budgetbook::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::full()
    };
    let report = budgetbook::build(&common::default_book(), &options).unwrap();
    (out, report)
}

#[test]
fn builds_an_index_and_one_page_per_chapter_with_no_broken_links() {
    let (out, report) = build_default_book();
    let site = out.path().join("site");
    let summary = fs::read_to_string(common::default_book().join("content/SUMMARY.md")).unwrap();
    let chapters: Vec<&str> = summary
        .lines()
        .filter_map(|l| {
            l.split_once("](")
                .map(|(_, rest)| rest.trim_end_matches(')'))
        })
        .collect();
    assert_eq!(chapters.len(), 11);
    assert!(site.join("index.html").is_file());
    for chapter in &chapters {
        let page = site.join(chapter.replace(".md", ".html"));
        assert!(page.is_file(), "{}", page.display());
    }
    // The chapters, the front page, the whole document, search and 404.
    assert_eq!(report.pages, chapters.len() + 4);
    for page in ["index.html", "print.html", "search.html", "404.html"] {
        assert!(site.join(page).is_file(), "{page}");
    }
    assert_eq!(common::broken_links(&site), Vec::<String>::new());
}

#[test]
fn reports_the_seeds_own_rounding_differences_and_its_one_unchecked_goal() {
    let checked = budgetbook::check(&common::default_book(), true).unwrap();
    let warnings: Vec<String> = checked
        .warnings
        .iter()
        .map(|d| d.problem.to_string())
        .collect();
    assert_eq!(
        warnings,
        [
            // The proposal gives no figures for 2025, so the goal on the
            // growth of net costs cannot be decided for 2026.
            "`finansiella-mal.nettokostnad`, column \"Budget 2026\" is not checked: it reads `previous(…)`, and the first column has no column before it",
            "`balansbudget.summa-tillgangar`, column \"Plan 2028\": stated 9836, computed 9835 (rounding)",
            "`balansbudget.summa-ek-och-skulder`, column \"Plan 2028\": stated 9836, computed 9835 (rounding)",
            "`resultatbudget.arets-resultat`, column \"Budget 2026\": stated 143, computed 144 (rounding)",
            "`resultatbudget.arets-resultat`, column \"Plan 2027\": stated 122, computed 121 (rounding)",
            "`resultatbudget.arets-resultat`, column \"Plan 2028\": stated 110, computed 111 (rounding)",
            "`driftbudget.summa-kommunbidrag`, column \"Budget 2026\": stated 3073780, computed 3073779 (rounding)",
        ]
    );
    assert_eq!(
        checked.verdicts.coverage.summary(),
        "38 of 39 derived figures checked; 1 unchecked: a figure or column is missing"
    );
}

/// The seed's chapter 9 tables, as printed in the seed: row label and figures.
const CHAPTER_9: &str = "
balansbudget|Anläggningstillgångar|3 147|3 706|4 289
balansbudget|Omsättningstillgångar|5 133|5 352|5 546
balansbudget|Summa tillgångar|8 280|9 058|9 836
balansbudget|Eget kapital|2 113|2 235|2 345
balansbudget|Avsättningar|1 128|1 118|1 119
balansbudget|Långfristiga skulder|3 692|4 355|5 019
balansbudget|Kortfristiga skulder|1 347|1 350|1 352
balansbudget|Summa eget kapital, avsättningar och skulder|8 280|9 058|9 836
resultatbudget|Verksamhetens nettokostnader|-3 058|-3 166|-3 265
resultatbudget|Avskrivningar|-148|-161|-174
resultatbudget|Skatteintäkter|2 571|2 687|2 805
resultatbudget|Generella statsbidrag och utjämning|785|780|784
resultatbudget|Finansiella intäkter|130|144|157
resultatbudget|Finansiella kostnader|-136|-163|-196
resultatbudget|Årets resultat|143|122|110
resultatbudget|Resultat/skatter och bidrag|4,3%|3,5%|3,1%
kassaflodesbudget|Kassaflöde från den löpande verksamheten|107|138|150
kassaflodesbudget|Kassaflöde från investeringsverksamheten|-586|-719|-755
kassaflodesbudget|Kassaflöde från finansieringsverksamheten|425|625|625
kassaflodesbudget|Årets kassaflöde|-54|44|20
driftbudget|Vård- och omsorgsnämnden|1 017 829|1 058 308|1 101 731
driftbudget|Socialnämnden|266 636|276 039|286 004
driftbudget|Kultur- och utbildningsnämnden|393 467|414 175|431 922
driftbudget|Barn- och ungdomsnämnden|1 138 326|1 172 120|1 204 632
driftbudget|Bygg- och miljönämnden|17 841|18 394|18 982
driftbudget|Tekniska nämnden|85 940|88 604|91 439
driftbudget|Kommunstyrelsen|148 695|157 274|161 275
driftbudget|Överförmyndarnämnden|5 045|5 202|5 368
driftbudget|Summa kommunbidrag (summa skattefinansierat)|3 073 780|3 190 116|3 301 353
investeringsplan|Vård- och omsorgsnämnden|5 800|5 800|5 800|5 850|5 850
investeringsplan|Socialnämnden|800|800|800|800|800
investeringsplan|Kultur- och utbildningsnämnden|12 340|9 000|8 400|8 600|8 700
investeringsplan|Barn- och ungdomsnämnden|18 590|22 290|18 990|17 990|17 990
investeringsplan|Tekniska nämnden|75 695|75 829|74 522|74 519|73 702
investeringsplan|Kommunstyrelsen|140 750|79 975|74 323|121 915|146 100
investeringsplan|Finansiell leasing|25 000|26 000|27 000|28 000|29 000
investeringsplan|VA|308 024|502 140|561 084|449 975|495 847
investeringsplan|Avfall|24 000|23 650|11 350|6 950|12 850
investeringsplan|Summa investeringar|610 999|745 484|782 269|714 599|790 839
";

/// The seed's figure as a Swedish reader sees it on the site: no-break space
/// between digit groups, U+2212 minus, `4,3 %`.
fn swedish(seed: &str) -> String {
    seed.replace(' ', "\u{a0}")
        .replace('-', "\u{2212}")
        .replace('%', "\u{a0}%")
}

#[test]
fn every_chapter_9_figure_is_in_its_table_row() {
    let (out, _) = build_default_book();
    let html = fs::read_to_string(out.path().join("site/09-finansiella-rapporter.html")).unwrap();
    let mut checked = 0;
    for line in CHAPTER_9.trim().lines() {
        let mut fields = line.split('|');
        let (block, label) = (fields.next().unwrap(), fields.next().unwrap());
        let table_start = html
            .find(&format!("<table class=\"budget-table\" id=\"{block}\""))
            .unwrap();
        let table = &html[table_start..table_start + html[table_start..].find("</table>").unwrap()];
        let label_html = format!(">{label}</a>");
        let row_start = table
            .find(&label_html)
            .unwrap_or_else(|| panic!("{block}: no row {label}"));
        let row_begin = table[..row_start].rfind("<tr").unwrap();
        let row = &table[row_begin..row_begin + table[row_begin..].find("</tr>").unwrap()];
        // The figures themselves: the cells with a `data-value`.
        let cells: Vec<&str> = row
            .split("<td")
            .skip(1)
            .filter(|cell| cell.starts_with(" data-value="))
            .map(|cell| {
                let text = &cell[cell.find('>').unwrap() + 1..];
                &text[..text.find(['<']).unwrap()]
            })
            .collect();
        let expected: Vec<String> = fields.map(swedish).collect();
        assert_eq!(cells, expected, "{block}: {label}");
        checked += expected.len();
    }
    assert_eq!(checked, 29 * 3 + 10 * 5);
}

#[test]
fn rows_have_stable_ids_for_deep_links() {
    let (out, _) = build_default_book();
    let html = fs::read_to_string(out.path().join("site/09-finansiella-rapporter.html")).unwrap();
    for id in [
        "resultatbudget",
        "resultatbudget.arets-resultat",
        "driftbudget.barn-och-ungdomsnamnden",
        "investeringsplan.summa-investeringar",
    ] {
        assert!(html.contains(&format!(" id=\"{id}\"")), "{id}");
    }
}

#[test]
fn the_decision_record_is_published_as_an_appendix() {
    let (out, _) = build_default_book();
    let html = fs::read_to_string(out.path().join("site/bilaga-ks-217.html")).unwrap();
    assert!(html.contains("Kommunkoncernövergripande ekonomisk handlingsplan"));
    assert!(html.contains("Amanda Andersson (MP) reserverar sig till förmån för eget förslag."));
    let index = fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(index.contains("href=\"bilaga-ks-217.html\""));
}

/// `serve` shows the chapter being edited before the rest of the book is
/// rendered: that page must be exactly the one the whole render makes.
#[test]
fn a_chapter_rendered_alone_is_the_page_of_the_whole_render() {
    let root = common::default_book();
    let options = BuildOptions::full();
    let checked = budgetbook::site::check_with(&root, false, None).unwrap();
    let whole: std::collections::HashMap<_, _> =
        budgetbook::site::render_in_memory(&root, &checked, &options, None)
            .unwrap()
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
    for (i, chapter) in checked.parsed.chapters.iter().enumerate() {
        let alone =
            budgetbook::site::render_in_memory(&root, &checked, &options, Some(&[i])).unwrap();
        assert!(
            alone.iter().any(|f| f.path == chapter.output_path),
            "{}",
            chapter.output_path.display()
        );
        for file in alone {
            assert!(
                whole.get(&file.path) == Some(&file.contents),
                "{} differs from the whole render's",
                file.path.display()
            );
        }
    }
}
