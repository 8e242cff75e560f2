//! Page numbers for the contents of the printed print edition.
//!
//! Chromium does not support CSS `target-counter()`, so a page cannot say on
//! which page a section starts. `briefbook pdf` therefore prints twice: it
//! reads where each section of the first PDF starts (the named destinations
//! Chromium writes for every linked id, read with lopdf), writes the numbers
//! into a temporary copy of print.html beside it (with lol_html), and prints
//! that copy. print.html itself never holds page numbers, so two builds stay
//! byte-identical; only the PDF has them.
//!
//! Both passes print a copy with the same markup, the first with empty
//! numbers of a fixed width, so that filling them in moves nothing; the
//! caller still checks that the second PDF's sections start where the
//! numbers say, and prints again if not.

use std::collections::{BTreeMap, HashSet};

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use lopdf::{Document, Object};

/// The section ids the contents link to, in order.
pub fn contents_targets(html: &str) -> Result<Vec<String>, String> {
    let mut targets = Vec::new();
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("nav.print-toc a[href]", |el| {
            if let Some(id) = el.get_attribute("href").and_then(|h| {
                h.strip_prefix('#')
                    .filter(|id| !id.is_empty())
                    .map(str::to_string)
            }) {
                targets.push(id);
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| e.to_string())?;
    Ok(targets)
}

/// `html` (print.html) with a page number after every link of the
/// contents: the page `pages` gives its target, or none yet (the first
/// pass), in a box of the same width either way.
pub fn number_contents(html: &str, pages: &BTreeMap<String, u32>) -> Result<String, String> {
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("nav.print-toc a[href]", |el| {
            let page = el
                .get_attribute("href")
                .and_then(|h| pages.get(h.trim_start_matches('#')).copied())
                .map_or(String::new(), |p| p.to_string());
            // Inside the link: the whole line leads to the section.
            el.append(
                &format!(
                    "<span class=\"toc-leader\" aria-hidden=\"true\"></span><span class=\"toc-page\">{page}</span>"
                ),
                ContentType::Html,
            );
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| e.to_string())
}

/// The most name-tree nodes read: a PDF of a briefing has a few dozen; a
/// damaged one cannot keep the reader walking.
const MAX_NODES: usize = 100_000;

/// The page (counted from 1) on which each named destination of a PDF
/// lies: the catalog's `/Dests` dictionary (PDF 1.1, as Chromium writes it)
/// and the `/Names` tree's `/Dests` (PDF 1.2 on), walked without recursion.
pub fn destination_pages(pdf: &[u8]) -> Result<BTreeMap<String, u32>, String> {
    let doc = Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF: {e}"))?;
    let page_of: BTreeMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    let mut pages = BTreeMap::new();
    let mut record = |name: &[u8], dest: &Object| {
        if let Some(page) = dest_page(&doc, dest).and_then(|id| page_of.get(&id)) {
            pages.insert(String::from_utf8_lossy(name).into_owned(), *page);
        }
    };
    if let Ok(dests) = catalog.get_deref(b"Dests", &doc).and_then(Object::as_dict) {
        for (name, dest) in dests.iter() {
            record(name, dest);
        }
    }
    let tree = catalog
        .get_deref(b"Names", &doc)
        .and_then(Object::as_dict)
        .and_then(|names| names.get(b"Dests"));
    if let Ok(root) = tree {
        let mut stack = vec![root];
        let mut seen = HashSet::new();
        let mut nodes = 0;
        while let Some(node) = stack.pop() {
            nodes += 1;
            if nodes > MAX_NODES {
                break;
            }
            let Ok((id, node)) = doc.dereference(node) else {
                continue;
            };
            if id.is_some_and(|id| !seen.insert(id)) {
                continue;
            }
            let Ok(node) = node.as_dict() else { continue };
            if let Ok(names) = node.get_deref(b"Names", &doc).and_then(Object::as_array) {
                for pair in names.chunks(2) {
                    if let [name, dest] = pair
                        && let Ok(name) = name.as_str()
                    {
                        record(name, dest);
                    }
                }
            }
            if let Ok(kids) = node.get_deref(b"Kids", &doc).and_then(Object::as_array) {
                stack.extend(kids.iter().rev());
            }
        }
    }
    Ok(pages)
}

/// The page object a destination points at: `[page /XYZ …]`, or a
/// dictionary whose `/D` is such an array.
fn dest_page(doc: &Document, dest: &Object) -> Option<lopdf::ObjectId> {
    let (_, dest) = doc.dereference(dest).ok()?;
    let array = match dest {
        Object::Array(a) => a,
        Object::Dictionary(d) => d.get_deref(b"D", doc).ok()?.as_array().ok()?,
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<nav class="print-toc" id="contents"><ol><li><a href="#overview">Executive overview</a></li><li><a href="#topic-a">A</a><ol><li><a href="#brief-x">X &amp; Y</a></li></ol></li></ol></nav><main><a href="#brief-x">not the contents</a></main>"##;

    #[test]
    fn contents_targets_are_the_links_of_the_contents_only() {
        assert_eq!(
            contents_targets(PAGE).unwrap(),
            ["overview", "topic-a", "brief-x"]
        );
    }

    #[test]
    fn numbers_go_inside_each_contents_link_and_nowhere_else() {
        let pages = BTreeMap::from([("brief-x".to_string(), 7), ("topic-a".to_string(), 7)]);
        let html = number_contents(PAGE, &pages).unwrap();
        assert!(html.contains(r##"<a href="#brief-x">X &amp; Y<span class="toc-leader" aria-hidden="true"></span><span class="toc-page">7</span></a>"##), "{html}");
        // Not known yet: an empty number of the same markup.
        assert!(html.contains(r##"Executive overview<span class="toc-leader" aria-hidden="true"></span><span class="toc-page"></span></a>"##), "{html}");
        assert!(html.contains(r##"<main><a href="#brief-x">not the contents</a></main>"##));
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"%PDF-1.4 fake", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Dests 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"] {
            let _ = destination_pages(bytes);
        }
        assert!(destination_pages(b"%PDF-1.4 fake").is_err());
    }

    /// A PDF written with lopdf: two pages, one destination in the catalog's
    /// dictionary and one in the name tree, under a kid node.
    #[test]
    fn destinations_are_found_in_the_catalog_and_the_name_tree() {
        use lopdf::{Dictionary, Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(Dictionary::new(), Vec::new()));
        let page = |doc: &mut Document| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            })
        };
        let (p1, p2) = (page(&mut doc), page(&mut doc));
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![p1.into(), p2.into()], "Count" => 2,
            }),
        );
        let dests = doc.add_object(dictionary! {
            "cover" => vec![p1.into(), "XYZ".into(), 0.into(), 792.into(), 0.into()],
        });
        let leaf = doc.add_object(dictionary! {
            "Names" => vec![
                Object::string_literal("brief-x"),
                Object::Dictionary(dictionary! { "D" => vec![p2.into(), "Fit".into()] }),
            ],
        });
        let tree = doc.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "Dests" => dests,
            "Names" => dictionary! { "Dests" => tree },
        });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        let pages = destination_pages(&bytes).unwrap();
        assert_eq!(
            pages,
            BTreeMap::from([("brief-x".to_string(), 2), ("cover".to_string(), 1)])
        );
    }
}
