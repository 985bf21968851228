//! Tests of `import::outline`.

use super::*;

fn h(text: &str) -> (u8, String, Option<u32>, String) {
    let h = heading_of(text).unwrap();
    (h.rank, h.number, h.value, h.rest)
}

#[test]
fn heading_styles() {
    assert_eq!(
        h("一、总体要求"),
        (1, "一、".into(), Some(1), "总体要求".into())
    );
    assert_eq!(h("十一、切实抓好组织实施").2, Some(11));
    assert_eq!(h("(一)实施行动").0, 2);
    assert_eq!(h("（七十八）强化督导检查。").2, Some(78));
    assert_eq!(h("（二十三）提升。").1, "（二十三）");
    assert_eq!(
        h("1. 推进经济强县领跑。"),
        (3, "1.".into(), Some(1), "推进经济强县领跑。".into())
    );
    assert_eq!(h("１．培育").1, "１．");
    assert_eq!(h("１¤培育").2, Some(1));
    assert_eq!(h("12、加强").2, Some(12));
    assert_eq!(h("（1）子项").0, 4);
    assert_eq!(h("(２)子项").2, Some(2));
    assert_eq!(h("③细项").2, Some(3));
    assert!(heading_of("1.7万个基站").is_none());
    assert!(heading_of("2025年达到").is_none());
    assert!(heading_of("为推进工作").is_none());
    assert_eq!(h("第三章 保障措施").0, 0);
    assert_eq!(h("第十二条 各部门").2, Some(12));
    assert_eq!(h("1﹒推进").2, Some(1));
    // only where the numbering expects them
    assert!(heading_of("1突破大模型").is_none());
    assert!(candidate("1突破大模型").unwrap().ambiguous);
    assert!(candidate("3家企业入选").is_none());
    assert!(candidate("4.0402年启动").unwrap().ambiguous);
}

#[test]
fn glued_wrapped_and_unnumbered() {
    let cleaned = super::super::clean::clean(
        "标题\n二、任务\n(一)甲行动\n1突破技术。做事(甲局负责)\n2强化硬件。做事(乙局负责)(二)乙场景\n做丙。(青岛市某某办\n公室负责)三、丙行动\n(三)精钢基地--打造核心引领\n区\n做丁。(丁局负责)\n专栏1 重点项目\n项目甲\n",
    );
    let outline = build(&cleaned).unwrap();
    let second = &outline.roots[0];
    assert_eq!(second.children.len(), 2);
    let tasks = &second.children[0].children;
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    assert_eq!(tasks[1].heading.rest, "强化硬件。做事(乙局负责)");
    assert_eq!(
        second.children[1].body,
        vec!["做丙。(青岛市某某办公室负责)"]
    );
    let third = &outline.roots[1].children[0];
    assert_eq!(third.heading.rest, "精钢基地--打造核心引领区");
    assert_eq!(third.line, 8);
    let unplaced: Vec<usize> = outline.unplaced.iter().map(|(l, _)| *l).collect();
    assert_eq!(unplaced, vec![11, 12], "the 专栏 box is no task's text");
}

#[test]
fn short_titles() {
    assert_eq!(
        short_title("推进经济强县领跑。发挥邹城作用。"),
        "推进经济强县领跑"
    );
    assert_eq!(
        short_title("实施综合实力跃升强县行动"),
        "实施综合实力跃升强县行动"
    );
    let long =
        "对深化商事制度改革成效显著、落实事中事后监管等相关政策措施社会反映好的市，优先纳入试点。";
    assert_eq!(
        short_title(long),
        "对深化商事制度改革成效显著、落实事中事后…"
    );
}

#[test]
fn outline_nests_by_rank() {
    let cleaned = super::super::clean::clean(
        "标题\n一、重点任务\n(一)甲行动\n1. 做甲。内容(甲局牵头)\n2. 做乙。内容\n续段。\n(二)乙行动\n3. 做丙。\n二、保障措施\n(一)加强领导。\n抄送：某某\n",
    );
    let outline = build(&cleaned).unwrap();
    assert_eq!(outline.header_lines, 1);
    assert_eq!(outline.roots.len(), 2);
    let tasks = &outline.roots[0].children[0].children;
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1].text(), "做乙。内容\n续段。");
    assert_eq!(outline.roots[0].height(), 2);
    assert_eq!(outline.roots[1].children.len(), 1);
}
