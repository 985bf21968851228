//! Filling cells of a flat ODS document (LibreOffice's `.fods`) as a
//! spreadsheet user would, for the LibreOffice round trip.

pub enum Cell<'a> {
    Text(&'a str),
    Float(f64),
}

/// Set column `col` of the row whose first cell reads `first` in table
/// `table`: repeated cells are split, merged (covered) ones counted, the
/// cell's style (and so its protection and validation) kept.
pub fn fill(xml: &str, table: &str, first: &str, col: usize, value: &Cell) -> String {
    let start = xml
        .find(&format!("<table:table table:name=\"{table}\""))
        .unwrap();
    let end = start + xml[start..].find("</table:table>").unwrap();
    let mut at = start;
    loop {
        let row = at + xml[at..end].find("<table:table-row").expect("the row");
        let row_end = row + xml[row..].find("</table:table-row>").unwrap();
        let body = &xml[row..row_end];
        let first_text = body.find("<text:p>").map(|p| {
            let rest = &body[p + 8..];
            &rest[..rest.find("</text:p>").unwrap()]
        });
        if first_text == Some(first) {
            let open = body.find('>').unwrap() + 1;
            let cells = expand(&body[open..]);
            let mut cells = cells;
            cells[col] = filled(&cells[col], value);
            let new_row = format!("{}{}", &body[..open], cells.concat());
            return format!("{}{}{}", &xml[..row], new_row, &xml[row_end..]);
        }
        at = row_end;
    }
}

/// The cells of a row's body, each repeated cell split into copies.
fn expand(body: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut rest = body.trim_start();
    while let Some(tag_start) = rest.find('<') {
        rest = &rest[tag_start..];
        let tag_end = rest.find('>').unwrap();
        let (cell, after) = if rest[..tag_end].ends_with('/') {
            (&rest[..=tag_end], &rest[tag_end + 1..])
        } else {
            let name = rest[1..].split([' ', '>']).next().unwrap();
            let close = format!("</{name}>");
            let close_at = rest.find(&close).unwrap() + close.len();
            (&rest[..close_at], &rest[close_at..])
        };
        let repeated = attribute(cell, "table:number-columns-repeated")
            .map_or(1, |n| n.parse::<usize>().unwrap().min(64));
        let single = cell.replace(
            &format!(
                " table:number-columns-repeated=\"{}\"",
                attribute(cell, "table:number-columns-repeated").unwrap_or_default()
            ),
            "",
        );
        cells.extend(std::iter::repeat_n(single, repeated));
        rest = after.trim_start();
    }
    cells
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let head = &tag[..tag.find('>').unwrap()];
    let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(head[at..at + head[at..].find('"').unwrap()].to_string())
}

fn filled(cell: &str, value: &Cell) -> String {
    let mut keep = String::new();
    for name in [
        "table:style-name",
        "table:content-validation-name",
        "table:number-columns-spanned",
    ] {
        if let Some(v) = attribute(cell, name) {
            keep.push_str(&format!(" {name}=\"{v}\""));
        }
    }
    match value {
        Cell::Text(text) => format!(
            "<table:table-cell{keep} office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
        ),
        Cell::Float(n) => format!(
            "<table:table-cell{keep} office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
        ),
    }
}
