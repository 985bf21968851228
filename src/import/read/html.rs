//! A web page saved from a government site: the article body is found and
//! read; the site's navigation, breadcrumbs, share and print links, related
//! links and footer are left out.
//!
//! The body is the container the site's content system names (`#zoom`,
//! `.TRS_Editor`, `#UCAP-CONTENT`, `.pages_content`, `.article`…) when it
//! holds a text, else the smallest element that holds most of the page's
//! text outside links (text density). Paragraphs come from `<p>`, `<div>`,
//! `<br>` and the like; a table row is one paragraph, cells joined by tabs.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::super::document::{Document, Origin, Paragraph};

/// Containers of the article body on government sites, most specific first.
const BODY_CONTAINERS: &[&str] = &[
    "#UCAP-CONTENT",
    ".TRS_Editor",
    ".trs_editor_view",
    "#zoom",
    "#Zoom",
    ".pages_content",
    "#xxgk_content",
    ".article-content",
    ".article_content",
    ".art_con",
    ".wzcon",
    ".view",
    "#content",
    ".content",
    ".article",
    "article",
];

/// A container whose text is shorter than this is not the body.
const MIN_BODY_CHARS: usize = 200;

/// Words of an element's class or id that mark page furniture (whole
/// words: `printContent`, a site's printable body, is not `print`).
const FURNITURE: &[&str] = &[
    "share",
    "print",
    "bdshare",
    "fenxiang",
    "related",
    "xgxx",
    "xglj",
    "xgwj",
    "position",
    "crumb",
    "crumbs",
    "breadcrumb",
    "location",
    "dqwz",
    "footer",
    "foot",
    "nav",
    "navbar",
    "menu",
    "tools",
    "toolbar",
    "search",
    "header",
    "topbar",
    "copyright",
];

const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "iframe", "form", "button", "select", "nav", "footer", "header",
    "aside", "head", "title",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "center",
    "pre",
    "table",
    "tbody",
    "thead",
    "dd",
    "dt",
    "dl",
    "main",
];

/// Whether a text is a web page rather than plain text.
pub fn looks_like_html(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let lower: String = head.chars().take(2000).collect::<String>().to_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && ["<body", "<div", "<p>", "<p "]
                .iter()
                .any(|t| lower.contains(t)))
}

pub fn read(page: &str) -> Document {
    let html = Html::parse_document(page);
    let body = article_body(&html);
    let mut lines = Vec::new();
    let mut current = String::new();
    // the body itself is read whatever its class says
    for child in body.children() {
        collect(child, &mut lines, &mut current);
    }
    flush(&mut lines, &mut current);
    if let Some(title) = article_title(&html, body)
        && !squeezed(&lines.concat()).contains(&squeezed(&title))
    {
        lines.insert(0, title);
    }
    Document {
        paragraphs: lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| Paragraph {
                text,
                origin: Origin::Paragraph(i + 1),
            })
            .collect(),
    }
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_furniture(el: &ElementRef) -> bool {
    let value = el.value();
    if SKIPPED_TAGS.contains(&value.name()) {
        return true;
    }
    let names = format!(
        "{} {}",
        value.attr("class").unwrap_or_default(),
        value.attr("id").unwrap_or_default()
    )
    .to_lowercase();
    names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| FURNITURE.contains(&word))
}

/// Text outside links and furniture, and text inside links.
fn text_weight(node: NodeRef<Node>, in_link: bool) -> (usize, usize) {
    match node.value() {
        Node::Text(t) => {
            let n = t.chars().filter(|c| !c.is_whitespace()).count();
            if in_link { (0, n) } else { (n, 0) }
        }
        Node::Element(_) => {
            let el = ElementRef::wrap(node).expect("an element");
            if is_furniture(&el) {
                return (0, 0);
            }
            let link = in_link || el.value().name() == "a";
            node.children().fold((0, 0), |(t, l), child| {
                let (ct, cl) = text_weight(child, link);
                (t + ct, l + cl)
            })
        }
        _ => (0, 0),
    }
}

fn article_body(html: &Html) -> ElementRef<'_> {
    for selector in BODY_CONTAINERS {
        let Ok(selector) = Selector::parse(selector) else {
            continue;
        };
        let best = html
            .select(&selector)
            .map(|el| (text_weight(*el, false).0, el))
            .max_by_key(|(n, _)| *n);
        if let Some((n, el)) = best
            && n >= MIN_BODY_CHARS
        {
            return el;
        }
    }
    densest(html)
}

/// From `<body>` down into the child that holds most of the text outside
/// links, while one does.
fn densest(html: &Html) -> ElementRef<'_> {
    let body = Selector::parse("body").expect("a selector");
    let mut at = html
        .select(&body)
        .next()
        .unwrap_or_else(|| html.root_element());
    loop {
        let total = text_weight(*at, false).0;
        let next = at
            .children()
            .filter_map(ElementRef::wrap)
            .map(|child| (text_weight(*child, false).0, child))
            .max_by_key(|(n, _)| *n);
        match next {
            Some((n, child)) if total > 0 && n * 10 >= total * 8 => at = child,
            _ => return at,
        }
    }
}

/// The article's title (`<h1>` outside the furniture), to put first when
/// the body does not repeat it.
fn article_title(html: &Html, body: ElementRef) -> Option<String> {
    let selector = Selector::parse("h1, .title, .article-title").ok()?;
    html.select(&selector)
        .filter(|el| {
            !el.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| is_furniture(&a))
        })
        .filter(|el| !body.descendants().any(|d| d.id() == el.id()))
        .map(|el| el.text().collect::<String>().trim().to_string())
        .find(|t| t.chars().count() >= 6)
}

fn flush(lines: &mut Vec<String>, current: &mut String) {
    let text = current.trim();
    if !text.is_empty() {
        lines.push(text.to_string());
    }
    current.clear();
}

fn collect(node: NodeRef<Node>, lines: &mut Vec<String>, current: &mut String) {
    match node.value() {
        Node::Text(t) => {
            let text = t.replace(['\n', '\r', '\t'], " ");
            if !(text.trim().is_empty() && current.ends_with(' ')) {
                current.push_str(&text);
            }
        }
        Node::Element(value) => {
            let el = ElementRef::wrap(node).expect("an element");
            if is_furniture(&el) {
                return;
            }
            match value.name() {
                "br" => flush(lines, current),
                "tr" => {
                    flush(lines, current);
                    let cells: Vec<ElementRef> = el
                        .children()
                        .filter_map(ElementRef::wrap)
                        .filter(|c| matches!(c.value().name(), "td" | "th"))
                        .collect();
                    // a layout table (one cell a row, or tables inside) holds
                    // paragraphs, not a table's rows
                    let table = Selector::parse("table").expect("a selector");
                    let layout =
                        cells.len() <= 1 || cells.iter().any(|c| c.select(&table).next().is_some());
                    if layout {
                        for cell in cells {
                            for child in cell.children() {
                                collect(child, lines, current);
                            }
                            flush(lines, current);
                        }
                        return;
                    }
                    let texts: Vec<String> = cells.into_iter().map(cell_text).collect();
                    if texts.iter().any(|c| !c.is_empty()) {
                        lines.push(texts.join("\t"));
                    }
                }
                name => {
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        flush(lines, current);
                    }
                    for child in node.children() {
                        collect(child, lines, current);
                    }
                    if block {
                        flush(lines, current);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A cell's text on one line: its paragraphs run on.
fn cell_text(cell: ElementRef) -> String {
    let mut lines = Vec::new();
    let mut current = String::new();
    collect(*cell, &mut lines, &mut current);
    flush(&mut lines, &mut current);
    lines.concat().replace('\u{a0}', " ").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &Document) -> Vec<&str> {
        doc.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_page_without_a_known_container_is_read_by_density() {
        let body = "<p>一、总体要求</p><p>（一）发展目标。到2025年，新建5G基站1.7万个，培育一批专精特新企业和产业集群。</p>".repeat(3);
        let page = format!(
            r#"<html><body><div class="topnav"><a href="/">首页</a><a href="/a">政务公开</a></div>
            <div class="crumbs">当前位置：<a href="/">首页</a></div>
            <div class="x"><div class="y">{body}<p>第一段<br>第二段</p></div></div>
            <div class="links"><a href="/1">相关文件一</a><a href="/2">相关文件二</a></div>
            <div class="bottom">网站标识码 3708300000</div></body></html>"#
        );
        let doc = read(&page);
        let texts = texts(&doc);
        assert_eq!(texts[0], "一、总体要求");
        assert_eq!(texts.len(), 8, "{texts:?}");
        assert_eq!(&texts[6..], ["第一段", "第二段"]);
    }

    #[test]
    fn old_sites_lay_pages_out_in_tables_and_in_gbk() {
        let body =
            "<p>（一）发展目标。到2025年，新建5G基站1.7万个，培育一批专精特新企业和产业集群。</p>"
                .repeat(4);
        let page = format!(
            r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
            <table><tr><td><a href="/">首页</a> | <a href="/x">信息公开</a></td></tr></table>
            <table><tr><td class="bt_content"><div id="printContent"><p>一、总体要求</p>{body}</div></td></tr></table>
            <table><tr><td>版权所有：某某市人民政府</td><td><a href="/m">网站地图</a></td></tr></table></body></html>"#
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let text = super::super::text::decode(&gbk).expect("GBK is detected");
        let doc = read(&text);
        let texts = texts(&doc);
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert_eq!(texts[0], "一、总体要求");
    }

    #[test]
    fn ucap_content_is_the_body() {
        let page = format!(
            r#"<html><body><div class="nav"><a>首页</a></div><div class="pages-date">2024-05-08 来源：省政府办公厅</div>
            <div id="UCAP-CONTENT"><p>{}</p></div><div class="xgwj"><a>相关文件</a></div></body></html>"#,
            "各市人民政府，省政府各部门：现将方案印发给你们，请认真贯彻落实。".repeat(8)
        );
        let doc = read(&page);
        assert_eq!(doc.paragraphs.len(), 1);
        assert!(doc.text().starts_with("各市人民政府"));
    }

    #[test]
    fn tables_are_tab_joined_rows_and_furniture_goes() {
        let page = format!(
            r#"<html><body><h1>关于印发某某市行动计划的通知</h1><div id="zoom"><p>{}</p>
            <table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr><tr><td>1</td><td><p>建设</p><p>平台</p></td><td>市工信局</td></tr></table>
            <div class="share">分享到：<a>微信</a></div></div></body></html>"#,
            "正文。".repeat(80)
        );
        let doc = read(&page);
        let texts = texts(&doc);
        assert_eq!(
            texts[0], "关于印发某某市行动计划的通知",
            "the title is put first"
        );
        assert_eq!(
            &texts[2..],
            ["序号\t任务\t牵头单位", "1\t建设平台\t市工信局"]
        );
    }
}
