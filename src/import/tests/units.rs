//! Tests of `import::units`.

use super::*;

fn parse(text: &str) -> (Vec<String>, Vec<String>) {
    let (_, inner) = trailing_clause(text).expect("a lead clause");
    let units = parse_clause(&inner, &mut Rules::default());
    (units.lead, units.support)
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn lead_and_support() {
    let (lead, support) = parse(
        "力争排名前移。(市发展改革委牵头,市直有关部门配合,各县市区政府、管委会按职责分工负责。以下均需各县市区政府、管委会落实,不再逐一列出)",
    );
    assert_eq!(lead, v(&["市发展改革委"]));
    // 各县市区政府、管委会 are named for every item, not as this one's support
    assert_eq!(support, v(&["市直有关部门"]));
    let (lead, support) =
        parse("文本。(省政府办公厅、省发展改革委、省财政厅牵头,省教育厅、省国资委等有关部门配合)");
    assert_eq!(lead, v(&["省政府办公厅", "省发展改革委", "省财政厅"]));
    assert_eq!(support, v(&["省教育厅", "省国资委", "有关部门"]));
}

#[test]
fn labelled_clauses() {
    let (lead, support) = parse("文本。（牵头单位：县科技局、县工业和信息化局）");
    assert_eq!(lead, v(&["县科技局", "县工业和信息化局"]));
    assert!(support.is_empty());
    let (lead, _) = parse("文本。(责任单位:区“6+3”产业链责任单位、区发改局)");
    assert_eq!(lead, v(&["区“6+3”产业链责任单位", "区发改局"]));
    let (lead, support) = parse("文本。（牵头单位：甲局；配合单位：乙局、丙局）");
    assert_eq!((lead, support), (v(&["甲局"]), v(&["乙局", "丙局"])));
}

#[test]
fn responsible_with_and_without_the_first_listed_rule() {
    let mut rules = Rules::default();
    let plain = parse_clause("水利部、国家发展改革委负责", &mut rules);
    assert_eq!(plain.lead, v(&["水利部", "国家发展改革委"]));
    let first = parse_clause(
        "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同",
        &mut rules,
    );
    assert_eq!(first.lead, v(&["税务总局"]));
    assert_eq!(first.support, v(&["财政部", "海关总署"]));
    let later = parse_clause("海关总署、商务部等有关部门负责", &mut rules);
    assert_eq!(later.lead, v(&["海关总署"]));
    assert_eq!(later.support, v(&["商务部", "有关部门"]));
    let mut rules = Rules::default();
    let jiuye = parse_clause(
        "人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同",
        &mut rules,
    );
    assert_eq!(jiuye.lead, v(&["人力资源社会保障部"]));
    let split = parse_clause(
        "人力资源社会保障部、科技部，各省级人民政府按职责分工负责",
        &mut rules,
    );
    assert_eq!(split.lead, v(&["人力资源社会保障部"]));
    assert_eq!(split.support, v(&["科技部", "各省级人民政府"]));
}

#[test]
fn together_with_and_co_leads() {
    let units = parse_clause("国家发展改革委会同有关部门负责", &mut Rules::default());
    assert_eq!(units.lead, v(&["国家发展改革委"]));
    assert_eq!(units.support, v(&["有关部门"]));
    let units = parse_clause("市商务局、市财政局分别牵头", &mut Rules::default());
    assert_eq!(units.lead, v(&["市商务局", "市财政局"]));
}

#[test]
fn every_clause_and_the_full_role_grammar() {
    let text = "甲。（合肥海关负责）乙。（省商务厅牵头，合肥海关配合）丙。（省商务厅牵头，省农业农村厅、省贸促会按职责分工配合）";
    let mut units = Units::default();
    for (_, _, inner) in clauses(text) {
        units.merge(parse_clause(&inner, &mut Rules::default()));
    }
    assert_eq!(units.lead, v(&["合肥海关", "省商务厅"]));
    assert_eq!(units.support, v(&["省农业农村厅", "省贸促会"]));
    assert_eq!(without_clauses(text), "甲。乙。丙。");
    let named = parse_clause(
        "省商务厅牵头，省工作专班牵头单位按职责分工负责",
        &mut Rules::default(),
    );
    assert_eq!(
        (named.lead, named.support),
        (v(&["省商务厅"]), v(&["省工作专班牵头单位"]))
    );
    let labelled = parse_clause(
        "5月底前，牵头单位：甲局；责任单位：乙局；参加单位：丙局",
        &mut Rules::default(),
    );
    assert_eq!(labelled.lead, v(&["甲局"]));
    assert_eq!(labelled.support, v(&["乙局", "丙局"]));
    assert_eq!(labelled.deadline.as_deref(), Some("5月底前"));
    let carried = parse_clause("各县区具体实施", &mut Rules::default());
    assert_eq!((carried.lead.len(), carried.support), (0, v(&["各县区"])));
    assert_eq!(
        split_units("市委宣传部、各区、市政府，济南、青岛、烟台市政府、农高区、区商促局"),
        v(&[
            "市委宣传部",
            "各区、市政府",
            "济南、青岛、烟台市政府",
            "农高区",
            "区商促局"
        ])
    );
}

#[test]
fn own_line_clauses() {
    let rules = Rules::default();
    assert_eq!(
        parse_lead_line("牵头单位：市教育局、市科技局", &rules).lead,
        v(&["市教育局", "市科技局"])
    );
    assert_eq!(
        parse_lead_line("配合单位:市财政局", &rules).support,
        v(&["市财政局"])
    );
    assert_eq!(
        parse_lead_line("完成时限：2024年底前", &rules)
            .deadline
            .as_deref(),
        Some("2024年底前")
    );
    assert!(lead_line("推进牵头单位：x").is_none());
}

#[test]
fn no_clause_without_role_words() {
    assert!(trailing_clause("建设国家级经开区(园区)").is_none());
    assert!(trailing_clause("没有括号。").is_none());
    let units = split_units("各县(市、区)政府、/、市财政局");
    assert_eq!(units, v(&["各县(市、区)政府", "市财政局"]));
}
