//! The header of a task table: which column holds what, found by the
//! headings offices write (序号, 重点任务, 牵头单位…), over one or two rows.

use super::super::read::Sheet;
use super::super::text::normalize;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Number,
    Area,
    /// The task's name (工作事项, 重点任务).
    Item,
    /// The task's body (主要内容, 具体措施).
    Content,
    Lead,
    Support,
    Deadline,
    /// Targets stated in a column of their own (目标, 全年目标).
    Target,
}

const HEADINGS: &[(Role, &[&str])] = &[
    (Role::Number, &["序号", "编号", "序"]),
    (
        Role::Area,
        &[
            "领域",
            "类别",
            "行动",
            "重点领域",
            "任务类别",
            "专项行动",
            "板块",
            "要点内容",
            "工作要点",
        ],
    ),
    (
        Role::Item,
        &[
            "工作事项",
            "重点任务",
            "工作任务",
            "主要任务",
            "任务",
            "任务名称",
            "事项",
            "重点工作",
        ],
    ),
    (
        Role::Content,
        &[
            "主要内容",
            "任务内容",
            "具体任务",
            "工作内容",
            "具体措施",
            "工作措施",
            "主要措施",
            "具体内容",
        ],
    ),
    (
        Role::Lead,
        &[
            "牵头单位",
            "责任单位",
            "牵头部门",
            "责任部门",
            "主责单位",
            "牵头责任单位",
            "责任主体",
        ],
    ),
    (
        Role::Support,
        &[
            "配合单位",
            "配合部门",
            "协办单位",
            "参与单位",
            "协同单位",
            "参加单位",
        ],
    ),
    (
        Role::Deadline,
        &[
            "完成时限",
            "时间节点",
            "完成时间",
            "时限",
            "时间安排",
            "进度安排",
            "完成时限要求",
        ],
    ),
    (
        Role::Target,
        &[
            "目标",
            "全年目标",
            "预期目标",
            "工作目标",
            "目标任务",
            "年度目标",
        ],
    ),
];

/// The role of a heading cell (spaces and full-width forms ignored).
pub fn role_of(heading: &str) -> Option<Role> {
    let key: String = normalize(heading)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    HEADINGS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(role, _)| *role)
}

/// The columns of a task table and the rows its header takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the header's first row.
    pub row: usize,
    /// How many rows the header takes (two when `责任单位` spans
    /// `牵头单位 | 配合单位`).
    pub height: usize,
    /// (column, role, heading as written), in column order.
    pub columns: Vec<(usize, Role, String)>,
}

impl Header {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, r, _)| *r == role)
            .map(|(c, _, _)| *c)
    }

    pub fn cols(&self, role: Role) -> Vec<usize> {
        self.columns
            .iter()
            .filter(|(_, r, _)| *r == role)
            .map(|(c, _, _)| *c)
            .collect()
    }

    pub fn headings(&self) -> Vec<String> {
        self.columns.iter().map(|(_, _, h)| h.clone()).collect()
    }
}

fn roles(row: &[String]) -> Vec<(usize, Role, String)> {
    let mut out: Vec<(usize, Role, String)> = Vec::new();
    for (c, cell) in row.iter().enumerate() {
        if let Some(role) = role_of(cell) {
            // the first column of a role wins, except target columns (all kept)
            if role == Role::Target || !out.iter().any(|(_, r, _)| *r == role) {
                out.push((c, role, cell.trim().to_string()));
            }
        }
    }
    out
}

/// The header of the first task table in a sheet (searched in its first 20
/// rows): a row naming tasks and their lead units, with the row under it
/// when that row names columns too.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    for r in 0..sheet.rows.len().min(20) {
        let mut columns = roles(&sheet.rows[r]);
        if columns.is_empty() {
            continue;
        }
        let has =
            |cols: &[(usize, Role, String)], role: Role| cols.iter().any(|(_, x, _)| *x == role);
        let mut height = 1;
        if let Some(next) = sheet.rows.get(r + 1) {
            let below = roles(next);
            let only_headings = next.iter().enumerate().all(|(c, cell)| {
                cell.trim().is_empty() || role_of(cell).is_some() || sheet.cell(r, c) == cell
            });
            if !below.is_empty() && only_headings {
                height = 2;
                for (c, role, name) in below {
                    columns.retain(|(col, _, _)| *col != c);
                    columns.retain(|(_, x, _)| *x != role || role == Role::Target);
                    columns.push((c, role, name));
                }
                columns.sort_by_key(|(c, _, _)| *c);
            }
        }
        let names_tasks = has(&columns, Role::Item) || has(&columns, Role::Content);
        if names_tasks && has(&columns, Role::Lead) {
            return Some(Header {
                row: r,
                height,
                columns,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_rows(rows)
    }

    #[test]
    fn a_two_row_header_under_a_title() {
        let s = sheet(&[
            &["某市2024年重点任务分解表", "", "", "", ""],
            &["序号", "重点任务", "责任单位", "", "完成时限"],
            &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            &["1", "建设平台", "市工信局", "/", "2024年底前"],
        ]);
        let header = find_header(&s).unwrap();
        assert_eq!((header.row, header.height), (1, 2));
        let roles: Vec<Role> = header.columns.iter().map(|(_, r, _)| *r).collect();
        assert_eq!(
            roles,
            [
                Role::Number,
                Role::Item,
                Role::Lead,
                Role::Support,
                Role::Deadline
            ]
        );
    }
}
