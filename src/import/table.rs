//! Task tables (任务分工表): tab-separated rows under a header naming
//! 序号 / 工作事项 (or 任务) / 牵头单位 / 配合单位 / 完成时限 columns. Merged
//! cells leave continuation rows with fewer cells and no 序号; they belong to
//! the row above and line up with the header from the right. `/` is an
//! empty cell.

use super::text::{normalize, trim_punct};
use super::units::split_units;

/// One numbered row with its continuation rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub number: Option<u32>,
    /// The 工作事项 cell: the task's title.
    pub item: String,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub deadline: Option<String>,
}

struct Columns {
    count: usize,
    number: Option<usize>,
    item: Option<usize>,
    lead: usize,
    support: Option<usize>,
    deadline: Option<usize>,
}

fn find(cells: &[&str], names: &[&str]) -> Option<usize> {
    cells
        .iter()
        .position(|c| names.iter().any(|n| c.trim() == *n))
}

fn header(line: &str) -> Option<Columns> {
    let cells: Vec<&str> = line.split('\t').collect();
    let lead = find(&cells, &["牵头单位", "牵头部门", "责任单位", "责任部门"])?;
    Some(Columns {
        count: cells.len(),
        number: find(&cells, &["序号"]),
        item: find(
            &cells,
            &[
                "工作事项",
                "工作任务",
                "重点任务",
                "任务",
                "事项",
                "任务名称",
            ],
        ),
        lead,
        support: find(&cells, &["配合单位", "配合部门", "协办单位"]),
        deadline: find(&cells, &["完成时限", "完成时间", "时间节点"]),
    })
}

fn merge(into: &mut Vec<String>, units: Vec<String>) {
    for unit in units {
        if !into.contains(&unit) {
            into.push(unit);
        }
    }
}

/// The task tables of a document, their rows in order.
pub fn parse(lines: &[String]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut columns: Option<Columns> = None;
    for line in lines {
        if !line.contains('\t') {
            columns = None;
            continue;
        }
        if let Some(found) = header(line) {
            columns = Some(found);
            continue;
        }
        let Some(cols) = &columns else { continue };
        let cells: Vec<&str> = line.split('\t').collect();
        let offset = cols.count.saturating_sub(cells.len());
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| c.checked_sub(offset))
                .and_then(|c| cells.get(c))
                .map(|c| c.trim())
                .filter(|c| !c.is_empty() && *c != "/")
        };
        let number = if offset == 0 {
            cell(cols.number).and_then(|n| normalize(n).parse::<u32>().ok())
        } else {
            None
        };
        if number.is_some() || offset == 0 || entries.is_empty() {
            entries.push(Entry {
                number,
                item: cell(cols.item)
                    .map(|c| trim_punct(c).to_string())
                    .unwrap_or_default(),
                ..Entry::default()
            });
        }
        let entry = entries.last_mut().expect("an entry was pushed");
        merge(
            &mut entry.lead,
            cell(Some(cols.lead)).map(split_units).unwrap_or_default(),
        );
        merge(
            &mut entry.support,
            cell(cols.support).map(split_units).unwrap_or_default(),
        );
        if entry.deadline.is_none() {
            entry.deadline = cell(cols.deadline).map(str::to_string);
        }
    }
    for entry in &mut entries {
        let lead = entry.lead.clone();
        entry.support.retain(|s| !lead.contains(s));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_continuations() {
        let lines: Vec<String> = [
            "附件2 任务分工表",
            "序号\t工作事项\t主要内容\t牵头单位\t配合单位\t处室",
            "1\t有序扩大来源。\t内容一\t各区政府\t市卫生健康委\t人事处",
            "内容二\t各区政府\t市卫生健康委、市人社局\t人事处",
            "2\t优化团队。\t内容\t市医保局、市卫生健康委\t/\t",
            "内容\t各区政府\t市卫生健康委，市医保局\t",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let entries = parse(&lines);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].item, "有序扩大来源");
        assert_eq!(entries[0].lead, vec!["各区政府"]);
        assert_eq!(entries[0].support, vec!["市卫生健康委", "市人社局"]);
        assert_eq!(entries[1].number, Some(2));
        assert_eq!(
            entries[1].lead,
            vec!["市医保局", "市卫生健康委", "各区政府"]
        );
        assert!(entries[1].support.is_empty(), "{:?}", entries[1].support);
    }
}
