//! The importer on the four source documents and four more of the genre
//! (copied into `tests/fixtures/documents`): structure, units, targets,
//! dates, and that every draft passes validation.

use chrono::NaiveDate;
use taizhang::import::{ImportError, ImportOptions, import_text, to_yaml};
use taizhang::plan::validate::check;
use taizhang::plan::{Comparator, Milestone, Plan, Task};

const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/documents");

fn import(relative: &str, id: &str) -> Plan {
    let dir = std::path::Path::new(DOCUMENTS).join(relative);
    let text = std::fs::read_to_string(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let options = ImportOptions {
        id: id.to_string(),
        source: dir.file_name().map(|n| n.to_string_lossy().to_string()),
    };
    let plan = import_text(&text, &options).unwrap_or_else(|e| panic!("{relative}: {e}"));
    // the draft round-trips through YAML and passes validation
    let yaml = to_yaml(&plan);
    let checked = check(&yaml, &format!("{id}.yaml"), Some(id))
        .unwrap_or_else(|problems| panic!("{relative}: {problems:?}"));
    assert_eq!(checked, plan, "{relative}: YAML round trip");
    plan
}

fn seed(prefix: &str, id: &str) -> Plan {
    let dir = std::path::Path::new(DOCUMENTS).join("seeds");
    let name = std::fs::read_dir(&dir)
        .expect("tests/fixtures/documents/seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .expect("seed file");
    import(&format!("seeds/{name}"), id)
}

fn task<'a>(plan: &'a Plan, id: &str) -> &'a Task {
    plan.areas
        .iter()
        .flat_map(|a| a.all_tasks())
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

fn targets(task: &Task) -> Vec<&Milestone> {
    task.milestones
        .iter()
        .filter(|m| m.target.is_some())
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn assert_target(
    m: &Milestone,
    value: f64,
    unit: &str,
    comparator: Comparator,
    due: Option<NaiveDate>,
) {
    let target = m.target.as_ref().expect("a target");
    assert_eq!(
        (target.value, target.unit.as_str(), target.comparator, m.due),
        (value, unit, comparator, due),
        "{}: {}",
        m.id,
        m.title
    );
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn jining_runs_numbering_on_and_reads_goals() {
    let plan = seed("001_", "jining-2024");
    assert_eq!(plan.title, "济宁市县域经济高质量发展攻坚行动计划");
    assert_eq!(plan.issuer.as_deref(), Some("济宁市人民政府"));
    assert_eq!(plan.doc_number.as_deref(), Some("济政字〔2024〕46号"));
    assert_eq!(plan.issued, day(2024, 9, 20));
    assert_eq!(
        (Some(plan.span.start), Some(plan.span.end)),
        (day(2024, 9, 20), day(2025, 12, 31))
    );
    assert_eq!(plan.areas.len(), 8);
    assert_eq!(plan.task_count(), 34);
    assert_eq!(plan.areas[0].title, "实施综合实力跃升强县行动");
    assert_eq!(
        plan.areas[7].title, "实施要素保障支撑强县行动",
        "safeguards are left out"
    );
    let t1 = task(&plan, "t1");
    assert_eq!(
        (t1.number.as_str(), t1.title.as_str()),
        ("1.", "推进经济强县领跑")
    );
    assert_eq!(t1.lead, strings(&["市发展改革委"]));
    assert!(t1.support.contains(&"市直有关部门".to_string()));
    assert_eq!(
        t1.milestones.len(),
        1,
        "a task without numbers has one qualitative milestone"
    );
    assert_eq!(
        (t1.milestones[0].id.as_str(), t1.milestones[0].due),
        ("t1.m1", day(2025, 12, 31))
    );
    // `支持各县(市、区)集中力量主攻1—2个优势主导产业` tells each county what to aim
    // at: not a count the city commits to
    assert!(targets(task(&plan, "t2")).is_empty());
    let t33 = task(&plan, "t33");
    assert_eq!(t33.lead, strings(&["市财政局", "市发展改革委"]));
    assert_eq!(t33.support[0], "人民银行济宁市分行");
    let t9 = targets(task(&plan, "t9"));
    assert_eq!(t9[1].title, "新开通5G基站");
    assert_target(t9[1], 1.7, "万个", Comparator::AtLeast, day(2025, 12, 31));
    let t4 = targets(task(&plan, "t4"));
    assert_target(t4[1], 12.0, "个", Comparator::About, day(2025, 12, 31));
    // 每年: one milestone for each year of the plan
    let t30 = targets(task(&plan, "t30"));
    assert_target(t30[0], 6.1, "万人", Comparator::AtLeast, day(2024, 12, 31));
    assert_target(t30[1], 6.1, "万人", Comparator::AtLeast, day(2025, 12, 31));
    assert_eq!(plan.goals.len(), 4);
    assert_eq!(plan.goals[0].title, "地区生产总值1000亿元以上的县(市、区)");
    assert_target(
        &plan.goals[0],
        3.0,
        "个",
        Comparator::Exactly,
        day(2025, 12, 31),
    );
    assert_eq!(plan.goals[1].title, "地区生产总值500亿元的县(市、区)");
}

#[test]
fn wenshang_counts_chinese_numerals_past_ten() {
    let plan = seed("002_", "wenshang-2023");
    assert_eq!(plan.doc_number.as_deref(), Some("汶政办字〔2023〕29号"));
    assert_eq!(plan.issuer.as_deref(), Some("汶上县人民政府办公室"));
    assert_eq!(
        plan.title,
        "汶上县深化新旧动能转换推动绿色低碳高质量发展2023年重点工作任务"
    );
    assert_eq!(plan.span.end, day(2023, 12, 31).unwrap(), "a one-year plan");
    // 十一、切实抓好组织实施 is a safeguard section, but its items carry on
    // the running numbering (（七十六）…（七十八）): they are tasks of the plan
    assert_eq!(plan.areas.len(), 11);
    assert_eq!(plan.areas[10].title, "切实抓好组织实施");
    assert_eq!(plan.task_count(), 78);
    let t75 = task(&plan, "t75");
    assert_eq!(t75.number, "（七十五）");
    assert_eq!(t75.lead, strings(&["县金融发展服务中心", "县财政局"]));
    let last = task(&plan, "t78");
    assert_eq!(
        (last.number.as_str(), last.title.as_str()),
        ("（七十八）", "强化督导检查")
    );
    assert!(last.lead.is_empty(), "the document names no unit for it");
    let t1 = task(&plan, "t1");
    assert_eq!(t1.lead.len(), 4);
    assert_target(
        targets(t1)[0],
        14.0,
        "家",
        Comparator::AtLeast,
        day(2023, 12, 31),
    );
    let t50 = targets(task(&plan, "t50"));
    assert_target(t50[0], 150.0, "万亩", Comparator::About, day(2023, 12, 31));
    assert_target(t50[1], 66.0, "万吨", Comparator::AtLeast, day(2023, 12, 31));
    let t64 = targets(task(&plan, "t64"));
    assert_target(
        t64[1],
        5000.0,
        "万美元",
        Comparator::AtLeast,
        day(2023, 12, 31),
    );
    assert!(plan.goals.is_empty());
}

#[test]
fn shandong_pdf_is_cleaned_and_numbering_restarts() {
    let plan = seed("003_", "shandong-2023-2025");
    assert_eq!(
        plan.title,
        "山东省县域经济高质量发展三年行动方案(２０２３－２０２５年)"
    );
    assert_eq!(plan.issuer.as_deref(), Some("山东省人民政府"));
    assert_eq!(plan.doc_number, None);
    assert_eq!(plan.issued, day(2023, 11, 11));
    assert_eq!(plan.span.end, day(2025, 12, 31).unwrap());
    assert_eq!(plan.areas.len(), 12, "five 计划 and seven 工程");
    assert_eq!(plan.task_count(), 35);
    let single = &plan.areas[0];
    assert_eq!(
        (single.number.as_str(), single.title.as_str()),
        ("(一)", "实施经济强县领跑计划")
    );
    assert_eq!(single.tasks.len(), 1);
    assert_eq!(single.tasks[0].id, "a1.t1");
    assert_eq!(plan.areas[5].title, "实施产业升级优势再造工程");
    let item = task(&plan, "a6.t1");
    assert_eq!(
        (item.number.as_str(), item.title.as_str()),
        ("１．", "培育优势产业集群")
    );
    assert_target(
        targets(item)[0],
        50.0,
        "个",
        Comparator::About,
        day(2025, 12, 31),
    );
    for t in plan.areas.iter().flat_map(|a| a.all_tasks()) {
        for artifact in ["¤", "山 东 省", "\n", "县 (", "«"] {
            assert!(
                !t.text.contains(artifact),
                "{}: `{artifact}` in {}",
                t.id,
                t.text
            );
        }
    }
    let welfare = task(&plan, "a11.t5");
    assert!(
        welfare.text.contains("基本养老保险参保率达９６％。多层次"),
        "{}",
        welfare.text
    );
    assert_eq!(welfare.lead.len(), 5);
    let yearly = targets(task(&plan, "a7.t4"));
    assert_eq!(yearly.len(), 3, "每年 over 2023, 2024 and 2025");
    assert_target(
        yearly[2],
        100.0,
        "场次",
        Comparator::AtLeast,
        day(2025, 12, 31),
    );
    let finance = task(&plan, "a12.t4");
    assert_eq!(finance.support[0], "中国人民银行山东省分行");
    assert_eq!(plan.goals.len(), 2);
    assert_target(
        &plan.goals[1],
        50.0,
        "个",
        Comparator::Exactly,
        day(2025, 12, 31),
    );
}

#[test]
fn yicheng_web_capture_is_read_once() {
    let plan = seed("004_", "yicheng-2024");
    assert_eq!(plan.issuer.as_deref(), Some("峄城区人民政府"));
    assert_eq!(plan.doc_number.as_deref(), Some("峄政字〔2024〕11号"));
    assert_eq!(plan.issued, day(2024, 12, 31));
    assert!(plan.title.starts_with("峄城区贯彻落实《枣庄市"));
    assert_eq!(plan.areas.len(), 7);
    assert_eq!(plan.task_count(), 30, "the repeated body is dropped");
    let t = task(&plan, "a1.t2");
    assert_eq!(t.lead, strings(&["区工信局"]));
    assert_target(
        targets(t)[0],
        40.0,
        "个",
        Comparator::AtLeast,
        day(2025, 12, 31),
    );
    let chain = targets(task(&plan, "a4.t3"));
    assert_target(
        chain[1],
        57.52,
        "亿元",
        Comparator::AtLeast,
        day(2025, 12, 31),
    );
    assert_eq!(
        task(&plan, "a1.t1").lead,
        strings(&["区“6+3”产业链责任单位", "区发改局"])
    );
    assert_eq!(
        plan.goals.len(),
        1,
        "a goal section without numbers gives one qualitative goal"
    );
    assert!(plan.goals[0].target.is_none());
}

#[test]
fn guangzhou_takes_units_from_the_task_table() {
    let plan = import(
        "corpus/guangzhou-2023-jiatingyisheng-fengongbiao.txt",
        "guangzhou",
    );
    assert_eq!(plan.doc_number.as_deref(), Some("穗卫函〔2023〕1930号"));
    assert_eq!(
        plan.issuer.as_deref(),
        Some("广州市卫生健康委员会、广州市财政局、广州市人力资源和社会保障局、广州市医疗保障局")
    );
    assert_eq!(
        plan.areas.len(),
        5,
        "four task areas and 组织实施, whose items the table gives leads"
    );
    assert_eq!(plan.task_count(), 24);
    let first = task(&plan, "a1.t1");
    assert_eq!(first.lead, strings(&["各区政府"]));
    assert_eq!(first.support, strings(&["市卫生健康委", "市人社局"]));
    let found = targets(first);
    assert_target(found[0], 4.0, "人", Comparator::AtLeast, day(2023, 12, 31));
    assert_target(found[1], 4.66, "人", Comparator::AtLeast, day(2025, 12, 31));
    assert_eq!(task(&plan, "a4.t3").lead, strings(&["市人社局"]));
    assert_eq!(
        task(&plan, "a5.t2").lead,
        strings(&["市卫生健康委", "各区政府"])
    );
}

#[test]
fn zongbaoqu_applies_the_first_listed_rule() {
    let plan = import("corpus/guowuyuan-2019-3-zongbaoqu.txt", "zongbaoqu");
    assert_eq!(
        plan.title,
        "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
    );
    assert_eq!(plan.areas.len(), 5);
    assert_eq!(plan.task_count(), 21);
    let t1 = task(&plan, "t1");
    assert_eq!(t1.lead, strings(&["税务总局"]));
    assert_eq!(t1.support, strings(&["财政部", "海关总署"]));
    let t21 = task(&plan, "t21");
    assert_eq!(t21.lead, strings(&["海关总署"]));
    assert_eq!(t21.support, strings(&["商务部", "有关部门"]));
}

#[test]
fn guobanfa_top_level_items_are_the_tasks() {
    let plan = import(
        "corpus/guobanfa-2018-117-zhenzhuashigan.txt",
        "zhenzhuashigan",
    );
    assert_eq!(plan.areas.len(), 1);
    assert_eq!(plan.task_count(), 30);
    let t30 = task(&plan, "t30");
    assert_eq!(t30.number, "三十、");
    assert_eq!(t30.lead, strings(&["国务院办公厅"]));
    // no first-listed rule in this document: all are leads
    assert_eq!(
        task(&plan, "t7").lead,
        strings(&["水利部", "国家发展改革委"])
    );
}

#[test]
fn jiuye_reads_the_rule_inside_the_first_clause() {
    let plan = import("corpus/guowuyuan-2018-39-jiuye.txt", "jiuye");
    assert_eq!(plan.areas.len(), 5);
    assert_eq!(plan.task_count(), 15);
    let t1 = task(&plan, "t1");
    assert_eq!(t1.lead, strings(&["人力资源社会保障部"]));
    assert_eq!(t1.support, strings(&["财政部"]));
    assert!(
        task(&plan, "t4")
            .support
            .contains(&"各省级人民政府".to_string())
    );
    assert_eq!(task(&plan, "t12").lead, strings(&["各省级人民政府"]));
    assert_eq!(
        plan.span.end,
        day(2020, 12, 31).unwrap(),
        "date ranges inside items"
    );
}

#[test]
fn text_without_structure_is_an_error() {
    let options = ImportOptions {
        id: "x".into(),
        source: None,
    };
    let err = import_text("这是一段没有编号的文字。\n第二段，也没有。", &options).unwrap_err();
    assert!(matches!(err, ImportError::NoStructure));
    assert!(err.to_string().contains("一、"), "{err}");
    assert!(matches!(
        import_text("  \n", &options),
        Err(ImportError::Empty)
    ));
    let bad = ImportOptions {
        id: "Bad Id".into(),
        source: None,
    };
    assert!(matches!(
        import_text("一、任务", &bad),
        Err(ImportError::BadId(_))
    ));
    let only_safeguards = "一、保障措施\n（一）加强组织领导。\n";
    assert!(matches!(
        import_text(only_safeguards, &options),
        Err(ImportError::NoTasks)
    ));
}
