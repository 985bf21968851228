//! Tests of `import::targets`.

use super::*;
use chrono::NaiveDate;

fn one(text: &str) -> Draft {
    let found = extract(text, 2024);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> Due {
    Due::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

#[test]
fn comparators() {
    let cases = [
        (
            "新开通5G基站达到1.7万个以上。",
            1.7,
            "万个",
            Comparator::AtLeast,
        ),
        (
            "创建不少于３０个省级质量强县。",
            30.0,
            "个",
            Comparator::AtLeast,
        ),
        ("营收突破65亿元。", 65.0, "亿元", Comparator::AtLeast),
        (
            "有研发活动企业超过100家。",
            100.0,
            "家",
            Comparator::AtLeast,
        ),
        ("研发投入增长25%。", 25.0, "%", Comparator::AtLeast),
        (
            "能耗总量控制在120万吨以内。",
            120.0,
            "万吨",
            Comparator::AtMost,
        ),
        ("负债率不超过60%。", 60.0, "%", Comparator::AtMost),
        ("产业集群12个左右。", 12.0, "个", Comparator::About),
        (
            "种植面积稳定在150万亩左右。",
            150.0,
            "万亩",
            Comparator::About,
        ),
        (
            "制造业增加值占比达到34.5%。",
            34.5,
            "%",
            Comparator::Exactly,
        ),
        (
            "粮食播种面积稳定在76万亩。",
            76.0,
            "万亩",
            Comparator::Exactly,
        ),
        ("新建5G基站200个。", 200.0, "个", Comparator::Exactly),
        ("参保率达９６％。", 96.0, "%", Comparator::Exactly),
        (
            "实际利用外资突破5000万美元。",
            5000.0,
            "万美元",
            Comparator::AtLeast,
        ),
    ];
    for (text, value, unit, comparator) in cases {
        let found = one(text);
        assert_eq!(found.target.value, value, "{text}");
        assert_eq!(found.target.unit, unit, "{text}");
        assert_eq!(found.target.comparator, comparator, "{text}");
    }
}

#[test]
fn ranks_are_places_of_n_or_better() {
    let found = extract("确保综合排名全市进5强、全省进30强。", 2023);
    let targets: Vec<(f64, &str, Comparator)> = found
        .iter()
        .map(|d| (d.target.value, d.target.unit.as_str(), d.target.comparator))
        .collect();
    assert_eq!(
        targets,
        vec![
            (5.0, "名", Comparator::AtMost),
            (30.0, "名", Comparator::AtMost)
        ]
    );
    // a list of top companies is not a rank target
    assert!(extract("引进世界500强企业。", 2023).is_empty());
}

#[test]
fn ranges_and_titles() {
    // what each county should aim at is guidance, not a commitment
    let text = "支持各县集中力量主攻1—2个优势主导产业。";
    assert!(extract(text, 2024).is_empty());
    assert_eq!(
        not_targets(text, 2024)[0].to_string(),
        "1—2个 (in “支持各县集中力量主攻1—2个优势主导产业”)"
    );
    let found = one("在重点领域建设2—3家省实验室。");
    assert_eq!((found.target.value, found.target.max), (2.0, Some(3.0)));
    let both = extract("９０％以上县域形成１－２个产业集群", 2024);
    assert_eq!(both[0].target.unit, "%");
    assert_eq!((both[1].target.value, both[1].target.max), (1.0, Some(2.0)));
    assert_eq!(
        one("新开通5G基站达到1.7万个以上。").title.as_deref(),
        Some("新开通5G基站")
    );
    assert_eq!(
        one("打造6个省级工业互联网平台。").title.as_deref(),
        Some("打造省级工业互联网平台")
    );
    let list = extract("新增“三品一标”10个、绿色食品认证4个。", 2024);
    assert_eq!(list[1].title.as_deref(), Some("绿色食品认证"));
    let goals = extract(
        "地区生产总值1000亿元以上的县(市、区)达到3个、500亿元的达到2个。",
        2024,
    );
    assert_eq!(goals.len(), 2);
    assert_eq!(
        goals[1].title.as_deref(),
        Some("地区生产总值500亿元的县(市、区)")
    );
}

#[test]
fn numbers_that_are_not_targets() {
    let none = [
        "落实《山东省县域商业三年行动计划(2023—2025年)》。",
        "实施“三百”工程和“八抓20条”举措。",
        "确保全县PM2.5浓度下降。",
        "19条核心产业链“链长”全方位参与。",
        "以１３６个县(市、区)为主体。",
        "建设康驿500千伏变电站增容工程。",
        "乡村振兴用地未达到5%则全部保障用地。",
        "力争用３年的时间推动强县进位。",
    ];
    for text in none {
        assert!(
            extract(text, 2024).is_empty(),
            "{text}: {:?}",
            extract(text, 2024)
        );
    }
    let found = one("每年滚动实施1000项单体投资500万元以上的项目。");
    assert_eq!(found.target.value, 1000.0);
    let found = one("确保每年实施500万元以上工业技改项目40个以上。");
    assert_eq!(found.target.value, 40.0);
}

#[test]
fn deadlines() {
    assert_eq!(
        one("到2025年,新开通5G基站1.7万个。").due,
        date(2025, 12, 31)
    );
    assert_eq!(
        one("力争到２０２５年,培育集群５０个左右。").due,
        date(2025, 12, 31)
    );
    assert_eq!(
        one("年内新增省市级研发平台14家以上。").due,
        date(2024, 12, 31)
    );
    assert_eq!(one("年底前完成改造200户。").due, date(2024, 12, 31));
    assert_eq!(one("每年新增团队10个以上。").due, Due::EachYear);
    assert_eq!(
        one("２０２３－２０２４年,认定特色强县10个。").due,
        date(2024, 12, 31)
    );
    assert_eq!(one("6月底前完成改造200户。").due, date(2024, 6, 30));
    assert_eq!(one("2025年6月底前建成基地3处。").due, date(2025, 6, 30));
    assert_eq!(one("新建基站200个。").due, Due::Default);
    let two = extract("每年创建示范场1家,到2025年,规模养殖比重达到88%。", 2024);
    assert_eq!(
        (two[0].due, two[1].due),
        (Due::EachYear, date(2025, 12, 31))
    );
    assert_eq!(parse_deadline("2024年底前", 2023), Some(date(2024, 12, 31)));
    assert_eq!(deadline_years("到2025年，力争2035年达到"), vec![2025, 2035]);
    assert!(deadline_years("《计划(2023—2025年)》").is_empty());
}

#[test]
fn computing_units() {
    let found = extract("到2026年全市算力总规模达到12EFLOPS，存储总量达10EB。", 2024);
    let units: Vec<(f64, &str)> = found
        .iter()
        .map(|d| (d.target.value, d.target.unit.as_str()))
        .collect();
    assert_eq!(units, vec![(12.0, "EFLOPS"), (10.0, "EB")]);
}
