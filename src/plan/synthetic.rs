//! Synthetic plans of any size, in the real format, for benchmarks, scale
//! tests and `examples/gen_plans`. Deterministic for a seed, so figures can
//! be reproduced.

use chrono::NaiveDate;

use super::model::{Area, Comparator, Milestone, Plan, Span, Target, Task};

/// The shape of a generated plan.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub areas: usize,
    pub tasks_per_area: usize,
    pub milestones_per_task: usize,
}

impl Shape {
    /// A county plan like the shipped ones: 8 areas × 10 tasks × 3 milestones.
    pub const COUNTY: Shape = Shape {
        areas: 8,
        tasks_per_area: 10,
        milestones_per_task: 3,
    };
}

/// A small deterministic generator (SplitMix64); no need for a crate here.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const COUNTIES: &[&str] = &[
    "汶上",
    "泗水",
    "梁山",
    "金乡",
    "嘉祥",
    "微山",
    "鱼台",
    "曲阜",
    "邹城",
    "兖州",
    "峄城",
    "滕州",
    "薛城",
    "台儿庄",
];
const VERBS: &[&str] = &[
    "实施", "推进", "加快", "深化", "强化", "完善", "培育", "打造",
];
const SUBJECTS: &[&str] = &[
    "产业集群",
    "科技创新",
    "数字经济",
    "现代农业",
    "文旅融合",
    "营商环境",
    "基础设施",
    "绿色低碳",
    "开放合作",
    "民生保障",
];
const UNITS: &[&str] = &[
    "县发展和改革局",
    "县工业和信息化局",
    "县科技局",
    "县财政局",
    "县商务局",
    "县农业农村局",
    "县自然资源和规划局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县文化和旅游局",
    "县生态环境分局",
    "县人力资源和社会保障局",
];
const MEASURES: &[(&str, &str)] = &[
    ("新增规上工业企业", "家"),
    ("新建5G基站", "个"),
    ("研发投入增长", "%"),
    ("引进高层次人才", "人"),
    ("新改建农村公路", "公里"),
    ("完成技改项目", "个"),
    ("营业收入突破", "亿元"),
    ("接待游客", "万人次"),
];
const FILLER: &str = "坚持系统观念，统筹发展和安全，聚焦重点领域和关键环节，强化要素保障，健全工作机制，压实各方责任，确保各项任务落地见效";

/// Generate plan number `index` of a set (ids `county-0001`…).
pub fn county_plan(index: usize, shape: Shape, seed: u64) -> Plan {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let county = COUNTIES[index % COUNTIES.len()];
    let year = 2024;
    let span = Span {
        start: NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date"),
        end: NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("valid date"),
    };
    let mut task_number = 0;
    let areas = (0..shape.areas)
        .map(|a| {
            let tasks = (0..shape.tasks_per_area)
                .map(|_| {
                    task_number += 1;
                    synthetic_task(&mut rng, task_number, shape.milestones_per_task, year)
                })
                .collect();
            Area {
                id: format!("a{}", a + 1),
                number: format!("({})", a + 1),
                title: format!("{}{}{}行动", rng.pick(VERBS), county, rng.pick(SUBJECTS)),
                tasks,
            }
        })
        .collect();
    Plan {
        id: format!("county-{:04}", index + 1),
        title: format!("{county}县（第{}号）县域经济高质量发展行动计划", index + 1),
        issuer: Some(format!("{county}县人民政府")),
        doc_number: None,
        issued: Some(span.start),
        span,
        source: None,
        goals: Vec::new(),
        areas,
    }
}

fn synthetic_task(rng: &mut Rng, number: usize, milestones: usize, year: i32) -> Task {
    let title = format!("{}{}", rng.pick(VERBS), rng.pick(SUBJECTS));
    let lead = vec![rng.pick(UNITS).to_string()];
    let support = vec![rng.pick(UNITS).to_string(), rng.pick(UNITS).to_string()];
    let mut text = format!("{title}。");
    let milestones = (0..milestones)
        .map(|m| {
            let (measure, unit) = MEASURES[rng.below(MEASURES.len())];
            let value = (rng.below(200) + 1) as f64;
            let due_year = year + (m % 2) as i32;
            text.push_str(&format!("到{due_year}年，{measure}{value}{unit}以上；"));
            Milestone {
                id: format!("t{number}.m{}", m + 1),
                title: measure.to_string(),
                due: NaiveDate::from_ymd_opt(due_year, 12, 31),
                target: Some(Target {
                    value,
                    max: None,
                    unit: unit.to_string(),
                    comparator: Comparator::AtLeast,
                }),
                quote: None,
            }
        })
        .collect();
    text.push_str(FILLER);
    text.push('。');
    Task {
        id: format!("t{number}"),
        number: format!("{number}."),
        title,
        text,
        lead,
        support,
        milestones,
        tasks: Vec::new(),
    }
}
