"""Words of the satisfaction reports (notebooks 12 and 32): constructs, quadrants, levels, tables, sentences, figures.

Keys start with ``sat_`` except the English texts the engine's figures write
(matched by their English form, see :func:`crm_analysis.present.translate`).
"""

_CONSTRUCTS = {  # construct -> (English display name, Chinese)
    "image": ("image", "企业形象"), "expectations": ("expectations", "顾客期望"),
    "quality": ("perceived quality", "感知质量"), "value": ("perceived value", "感知价值"),
    "satisfaction": ("satisfaction", "顾客满意"), "complaints": ("complaints", "顾客抱怨"),
    "loyalty": ("loyalty", "顾客忠诚"),
}

TEXT = {
    # ------------------------------------------------------------------ constructs (display names)
    **{f"sat_construct_{c}": {"en": en, "zh": zh} for c, (en, zh) in _CONSTRUCTS.items()},
    # the raw construct names some teaching figures show ("quality" beside "perceived quality")
    "sat_construct_raw_quality": {"en": "quality", "zh": "感知质量"},
    "sat_construct_raw_value": {"en": "value", "zh": "感知价值"},
    # ------------------------------------------------------------------ quadrants and priorities
    "sat_quadrant_concentrate": {"en": "concentrate here", "zh": "重点改进"},
    "sat_quadrant_keep_up": {"en": "keep up the good work", "zh": "继续保持"},
    "sat_quadrant_low_priority": {"en": "low priority", "zh": "低优先级"},
    "sat_quadrant_overkill": {"en": "possible overkill", "zh": "可能投入过度"},
    "sat_no_clear_priority": {"en": "no clear priority", "zh": "无明确优先级"},
    "sat_action_concentrate": {"en": "improve first", "zh": "优先改进"},
    "sat_action_keep_up": {"en": "keep up", "zh": "继续保持"},
    # ------------------------------------------------------------------ satisfaction levels
    "sat_level_very_dissatisfied": {"en": "very dissatisfied", "zh": "非常不满意"},
    "sat_level_dissatisfied": {"en": "dissatisfied", "zh": "不满意"},
    "sat_level_neutral": {"en": "neutral", "zh": "一般"},
    "sat_level_satisfied": {"en": "satisfied", "zh": "满意"},
    "sat_level_very_satisfied": {"en": "very satisfied", "zh": "非常满意"},
    "sat_level_resigned": {"en": "resigned", "zh": "无奈"},
    # ------------------------------------------------------------------ table headings
    "sat_driver": {"en": "Driver", "zh": "驱动因素"},
    "sat_importance": {"en": "Importance (total effect)", "zh": "重要性（总效应）"},
    "sat_importance_ci": {"en": "Importance, {level} interval", "zh": "重要性 {level} 区间"},
    "sat_performance": {"en": "Performance (0-100)", "zh": "表现（0-100）"},
    "sat_performance_ci": {"en": "Performance, {level} interval", "zh": "表现 {level} 区间"},
    "sat_priority": {"en": "Priority", "zh": "优先级"},
    "sat_level": {"en": "Satisfaction level", "zh": "满意度等级"},
    "sat_claim_c1_rate": {"en": "Textbook rate (claim C1)", "zh": "教材说法（C1）"},
    "sat_customer_id": {"en": "Customer ID", "zh": "客户 ID"},
    "sat_rating": {"en": "Overall satisfaction ({low}-{high})", "zh": "总体满意度（{low}-{high}）"},
    "sat_score": {"en": "Satisfaction index (0-100)", "zh": "满意度指数（0-100）"},
    "sat_weakest": {"en": "Weakest driver", "zh": "最弱的驱动因素"},
    "sat_status": {"en": "Status", "zh": "状态"},
    "sat_status_left": {"en": "has left", "zh": "已流失"},
    "sat_status_stays": {"en": "still a customer", "zh": "仍是客户"},
    "sat_status_unknown": {"en": "unknown", "zh": "未知"},
    "sat_status_intends": {"en": "says they may not buy again", "zh": "表示可能不再购买"},
    "sat_status_stays_stated": {"en": "says they will buy again", "zh": "表示会再次购买"},
    "sat_block": {"en": "Construct", "zh": "构念"},
    "sat_block_missing": {"en": "Respondents with a missing answer", "zh": "有缺答的受访者"},
    "sat_follow_up_list": {"en": "Dissatisfied respondents to follow up", "zh": "需要跟进的不满意受访者"},
    "sat_priority_list": {"en": "Driver priorities", "zh": "驱动因素优先级"},
    # ------------------------------------------------------------------ KPI names (common.py has the others)
    "sat_nps_value": {"en": "{nps} ({level} CI {lo} to {hi})", "zh": "{nps}（{level} 置信区间 {lo} 至 {hi}）"},
    "sat_churn_respondents": {"en": "Respondents with a churn record", "zh": "有流失记录的受访者"},
    # ------------------------------------------------------------------ page sentences
    "sat_respondents": {"en": "respondents", "zh": "位受访者"},
    "sat_reason_missing": {
        "en": "skipped at least one of the {k} questions the model uses: PLS needs every answer of a respondent",
        "zh": "模型所用的 {k} 道题中至少有一道未作答：PLS 需要受访者的全部回答"},
    "sat_sample": {
        "en": "Every number on this page is about the same **{n} respondents** (of {total} in the survey).",
        "zh": "本页所有数字都基于同样的 **{n} 位受访者**（问卷共 {total} 位）。"},
    "sat_sample_all": {
        "en": "Every number on this page is about the same **{n} respondents**: every respondent answered every "
              "question the model uses.",
        "zh": "本页所有数字都基于同样的 **{n} 位受访者**：每位受访者都回答了模型所用的全部题目。"},
    "sat_missing_by_block": {
        "en": "Respondents with a missing answer, per question block (one respondent can miss answers in several "
              "blocks): {blocks}. Estimating on complete answers is unbiased when answers are missing at random; "
              "filling gaps with item means would shrink the effects without saying so.",
        "zh": "各题组中有缺答的受访者人数（一位受访者可能在多个题组缺答）：{blocks}。"
              "如果缺答是随机的，用完整回答估计不会产生偏差；用题目均值填补缺答则会在不声明的情况下削弱各效应。"},
    "sat_block_count": {"en": "{name} {n}", "zh": "{name} {n}"},
    "sat_too_few": {
        "en": "Only {n} of {total} respondents answered every question the model uses: too few to estimate it.",
        "zh": "问卷 {total} 位受访者中只有 {n} 位回答了模型所用的全部题目，不足以估计模型。"},
    "sat_churn_observed": {
        "en": "Churn is **observed**: whether the customer has left, from the customer table, matched by customer "
              "ID.",
        "zh": "流失为**实际观察**：根据客户表（按客户 ID 匹配）判断客户是否已经离开。"},
    "sat_churn_stated": {
        "en": "Churn is **stated**: the survey is not linked to customers with a churn record, so a respondent "
              "whose answer to the buy-again question `{item}` lies in the lower half of the scale (at most "
              "{cut}) counts as intending to leave.",
        "zh": "流失为**表态**：问卷没有与带流失记录的客户关联，因此对再次购买题 `{item}` 的回答落在量表下半部分"
              "（不超过 {cut}）的受访者视为打算离开。"},
    "sat_churn_unmatched": {
        "en": "The churn table covers {n} of these {total} respondents: {k} have no customer ID or one that is "
              "not in the customer table with a churn label.",
        "zh": "流失表涵盖这 {total} 位受访者中的 {n} 位：其余 {k} 位没有客户 ID，或其客户 ID 不在带流失标签的客户表中。"},
    "sat_headline_index": {
        "en": "**Satisfaction index {sat:.0f}/100, loyalty index {loy:.0f}/100** ({n} respondents).",
        "zh": "**满意度指数 {sat:.0f}/100，忠诚度指数 {loy:.0f}/100**（{n} 位受访者）。"},
    "sat_headline_act": {
        "en": "**Act on {name}**: of the drivers of {target}, it is clearly above average in importance and clearly "
              "below average in performance (importance {imp:.2f}, performance {perf:.0f}/100).",
        "zh": "**重点改进{name}**：在影响{target}的因素中，它的重要性明显高于平均、表现明显低于平均"
              "（重要性 {imp:.2f}，表现 {perf:.0f}/100）。"},
    "sat_headline_no_act": {
        "en": "**No driver of {target} is clearly both more important and worse performing than average**; "
              "the most important driver is {name} (importance {imp:.2f}, performance {perf:.0f}/100).",
        "zh": "**影响{target}的因素中，没有一个明显地既更重要又表现更差**；最重要的因素是{name}"
              "（重要性 {imp:.2f}，表现 {perf:.0f}/100）。"},
    "sat_headline_who": {
        "en": "**Who to act on**: {k} of {total} respondents ({share}) are dissatisfied or very dissatisfied; "
              "{kind} among them is {bad} against {good} among satisfied and very satisfied customers.",
        "zh": "**行动对象**：{total} 位受访者中有 {k} 位（{share}）不满意或非常不满意；他们的{kind}为 {bad}，"
              "而满意和非常满意的顾客为 {good}。"},
    "sat_headline_who_partial": {
        "en": "**Who to act on**: of the {total} respondents with a churn record, {k} ({share}) are dissatisfied or "
              "very dissatisfied; {kind} among them is {bad} against {good} among satisfied and very satisfied "
              "customers.",
        "zh": "**行动对象**：在有流失记录的 {total} 位受访者中，{k} 位（{share}）不满意或非常不满意；他们的{kind}为 {bad}，"
              "而满意和非常满意的顾客为 {good}。"},
    "sat_headline_worth": {
        "en": "**What it is worth**: if they left at the rate of neutral customers ({neutral}), about "
              "{kept} of them would stay.",
        "zh": "**价值**：如果他们的流失率降到一般满意顾客的水平（{neutral}），其中约 {kept} 位会留下。"},
    "sat_kind_churn": {"en": "the churn rate", "zh": "流失率"},
    "sat_kind_stated": {"en": "the stated intention to leave", "zh": "表示将离开的比例"},
    "sat_priority_concentrate": {
        "en": "**Improve {name} first**: importance {imp:.2f} ({imp_ci}) is clearly above the drivers' average "
              "{icut:.2f}, performance {perf:.0f}/100 ({perf_ci}) clearly below the average {pcut:.0f}.",
        "zh": "**优先改进{name}**：重要性 {imp:.2f}（{imp_ci}）明显高于各因素的平均 {icut:.2f}，"
              "表现 {perf:.0f}/100（{perf_ci}）明显低于平均 {pcut:.0f}。"},
    "sat_priority_keep_up": {
        "en": "**Keep up {name}**: importance {imp:.2f} ({imp_ci}) and performance {perf:.0f}/100 ({perf_ci}) are "
              "both clearly above average.",
        "zh": "**保持{name}**：重要性 {imp:.2f}（{imp_ci}）和表现 {perf:.0f}/100（{perf_ci}）都明显高于平均。"},
    "sat_priority_low": {
        "en": "{name}: importance {imp:.2f} ({imp_ci}) and performance {perf:.0f}/100 ({perf_ci}) are both clearly "
              "below average, so a low priority.",
        "zh": "{name}：重要性 {imp:.2f}（{imp_ci}）和表现 {perf:.0f}/100（{perf_ci}）都明显低于平均，优先级低。"},
    "sat_priority_overkill": {
        "en": "{name}: performance {perf:.0f}/100 ({perf_ci}) is clearly above average but importance {imp:.2f} "
              "({imp_ci}) clearly below; do not add resources here.",
        "zh": "{name}：表现 {perf:.0f}/100（{perf_ci}）明显高于平均，但重要性 {imp:.2f}（{imp_ci}）明显低于平均，"
              "不必再增加投入。"},
    "sat_priority_unclear": {
        "en": "{name}: **no clear priority**: its {axes} cannot be told apart from the drivers' average in this "
              "survey (importance {imp:.2f}, {imp_ci}; performance {perf:.0f}/100, {perf_ci}).",
        "zh": "{name}：**无明确优先级**：在这份问卷中，它的{axes}与各因素的平均无法区分"
              "（重要性 {imp:.2f}，{imp_ci}；表现 {perf:.0f}/100，{perf_ci}）。"},
    "sat_axis_importance": {"en": "importance", "zh": "重要性"},
    "sat_axis_performance": {"en": "performance", "zh": "表现"},
    "sat_axis_both": {"en": "importance and performance", "zh": "重要性和表现"},
    "sat_interval": {"en": "{lo}-{hi}", "zh": "{lo}-{hi}"},
    "sat_uncertainty": {
        "en": "Intervals are {level} bootstrap intervals ({b} resamples of the respondents). A driver gets a "
              "quadrant only when its importance and its performance are both clearly (outside the noise) above "
              "or below the drivers' averages; otherwise it reads \"no clear priority\".",
        "zh": "区间为 {level} 自助法区间（对受访者重抽样 {b} 次）。只有当一个因素的重要性和表现都明显（超出随机误差）"
              "高于或低于各因素的平均时，才把它归入某个象限；否则记为\"无明确优先级\"。"},
    "sat_no_follow_up": {
        "en": "No respondent is dissatisfied or very dissatisfied: there is nobody to follow up.",
        "zh": "没有不满意或非常不满意的受访者，无需跟进。"},
    "sat_follow_up_intro": {
        "en": "The {k} dissatisfied or very dissatisfied respondents with a customer ID, with the driver they rate "
              "lowest, in this order: {groups}; lowest satisfaction first within each group.",
        "zh": "有客户 ID 的 {k} 位不满意或非常不满意的受访者及其评分最低的驱动因素，排序为：{groups}；"
              "每组内满意度最低者在前。"},
    "sat_then": {"en": ", then ", "zh": "，然后是", "figure": False},
    "sat_group_stays": {"en": "{n} still customers", "zh": "{n} 位仍是客户者"},
    "sat_group_left": {"en": "{n} who have left", "zh": "{n} 位已流失者"},
    "sat_group_unknown": {"en": "{n} of unknown status", "zh": "{n} 位状态未知者"},
    "sat_group_intends": {"en": "{n} who say they may not buy again", "zh": "{n} 位表示可能不再购买者"},
    "sat_group_stays_stated": {"en": "{n} who say they will buy again", "zh": "{n} 位表示会再次购买者"},
    "sat_follow_up_shown": {"en": "The table shows the first {shown} of the {k}; the files hold all {k}:",
                            "zh": "下表显示 {k} 位中的前 {shown} 位；文件包含全部 {k} 位："},
    "sat_follow_up_shown_all": {"en": "The table shows all {k}; so do the files:",
                                "zh": "下表显示全部 {k} 位，文件中也是："},
    "sat_priority_list_intro": {
        "en": "The survey is not linked to customer IDs, so there is no list of people to contact; the driver "
              "priorities are exported instead:",
        "zh": "问卷没有与客户 ID 关联，因此无法列出需要联系的人；改为导出驱动因素优先级："},
    "sat_needs_survey": {"en": "survey answers", "zh": "问卷回答"},
    "sat_import_help": {
        "en": "FILE: your survey export (CSV, Excel, Parquet or SPSS), one row per respondent.\n"
              "DB: your customer database (crm-analysis init).\n"
              "ID: the column with the customer number, which links answers to customers and their churn "
              "(leave --customer-col out for an anonymous survey).\n"
              "MIN MAX: the lowest and the highest answer of your rating scale, e.g. 1 5 or 0 10.\n"
              "CODE: the value(s) your survey uses for \"no answer\", e.g. 99 (leave --missing-codes out if none).",
        "zh": "FILE：问卷导出文件（CSV、Excel、Parquet 或 SPSS），每位受访者一行。\n"
              "DB：客户数据库（crm-analysis init 创建）。\n"
              "ID：客户编号所在的列，用于把回答与客户及其流失记录关联（匿名问卷可省略 --customer-col）。\n"
              "MIN MAX：评分量表的最低分和最高分，例如 1 5 或 0 10。\n"
              "CODE：问卷中表示\"未作答\"的值，例如 99（没有则省略 --missing-codes）。"},
    "sat_needs_items": {
        "en": "survey questions named for the satisfaction model. The survey has {n_found} questions ({found}); "
              "the model and this report use {n_expected} ({expected}), and {n_missing} of them are not in the "
              "survey ({missing}). Say which of your questions measure each part of the model with the report's "
              "`blocks` parameter, in a parameters file",
        "zh": "按满意度模型指定的问卷题目。问卷有 {n_found} 个题目（{found}）；模型和本报告使用 {n_expected} 个"
              "（{expected}），其中 {n_missing} 个不在问卷中（{missing}）。请在参数文件中用报告的 `blocks` 参数"
              "说明哪些题目测量模型的哪一部分"},
    "sat_needs_items_none": {
        "en": "survey questions named for the satisfaction model. The survey has {n_found} questions ({found}); "
              "the model and this report use {n_expected} ({expected}), and none of them is in the survey. Say "
              "which of your questions measure each part of the model with the report's `blocks` parameter, in a "
              "parameters file",
        "zh": "按满意度模型指定的问卷题目。问卷有 {n_found} 个题目（{found}）；模型和本报告使用 {n_expected} 个"
              "（{expected}），问卷中一个也没有。请在参数文件中用报告的 `blocks` 参数说明哪些题目测量模型的哪一部分"},
    "sat_params_question": {"en": "QUESTION", "zh": "题目"},
    "sat_params_help": {
        "en": "params.yml: under each part of the model, the names of your survey columns that measure it\n"
              "(image, expectations, quality, value, satisfaction, loyalty; at least one question each).",
        "zh": "params.yml：在模型的每个部分下列出测量它的问卷列名\n"
              "（image 形象、expectations 期望、quality 质量、value 价值、satisfaction 满意、loyalty 忠诚；每部分至少一题）。"},
    "sat_params_complaints": {"en": "no complaints questions in the survey", "zh": "问卷没有抱怨题"},
    "sat_params_satisfaction": {"en": "the overall-satisfaction question", "zh": "总体满意度题"},
    "sat_params_loyalty": {"en": "the buy-again question", "zh": "再次购买意愿题"},
    "sat_params_then": {"en": "then render the reports with the file:", "zh": "然后用该文件生成报告："},
    "sat_teach_sample": {"en": "The analyses below use {n} of the {total} respondents.",
                         "zh": "以下分析使用问卷 {total} 位受访者中的 {n} 位。"},
    "sat_teach_sample_all": {"en": "The analyses below use all {n} respondents: each answered every question the "
                                   "model uses and has a churn value.",
                             "zh": "以下分析使用全部 {n} 位受访者：每位都回答了模型所用的全部题目，并且有流失值。"},
    "sat_reason_missing_teach": {"en": "a missing answer to a question the model uses (PLS needs complete answers)",
                                 "zh": "模型所用题目中有缺答（PLS 需要完整回答）"},
    "sat_reason_no_churn": {"en": "no churn value: no customer ID, or a customer without a churn label",
                            "zh": "没有流失值：没有客户 ID，或其客户没有流失标签"},
    "sat_teach_source_observed": {"en": "Churn is observed (the customer table's churn label, matched by customer ID).",
                                  "zh": "流失为实际观察（按客户 ID 匹配客户表中的流失标签）。"},
    "sat_teach_source_stated": {"en": "Churn is stated: a buy-again answer in the lower half of the scale.",
                                "zh": "流失为表态：再次购买题的回答落在量表下半部分。"},
    # ------------------------------------------------------------------ figures (the engine's English texts)
    "sat_fig_ipma_title": {"en": "Importance-performance map", "zh": "重要性-表现矩阵"},
    "sat_fig_importance": {"en": "Importance (total effect)", "zh": "重要性（总效应）"},
    "sat_fig_performance": {"en": "Performance (mean index, 0-100)", "zh": "表现（平均指数，0-100）"},
    "sat_fig_churn_title": {"en": "Churn by satisfaction level", "zh": "按满意度等级的流失率"},
    "sat_fig_level": {"en": "Satisfaction level", "zh": "满意度等级"},
    "sat_fig_churn_rate": {"en": "Churn rate (%)", "zh": "流失率（%）"},
    "sat_fig_stated_rate": {"en": "Stated intention to leave (%)", "zh": "表示将离开的比例（%）"},
    "sat_fig_observed": {"en": "observed (Wilson interval)", "zh": "观察值（Wilson 区间）"},
    "sat_fig_claim": {"en": "claim C1", "zh": "论断 C1"},
    "sat_fig_zones_title": {"en": "Loyalty along the satisfaction scale", "zh": "沿满意度量表的忠诚度"},
    "sat_fig_zones_x": {"en": "Satisfaction (rating points)", "zh": "满意度（评分）"},
    "sat_fig_zones_y": {"en": "Mean loyalty score (rating points)", "zh": "平均忠诚度得分（评分）"},
    "sat_fig_zones_y_default": {"en": "Mean loyalty (scale points)", "zh": "平均忠诚度（量表分）"},
    "sat_fig_zone_defection": {"en": "zone of defection", "zh": "背叛区"},
    "sat_fig_zone_indifference": {"en": "zone of indifference", "zh": "冷淡区"},
    "sat_fig_zone_affection": {"en": "zone of affection", "zh": "情感区"},
    "sat_fig_prca_title": {"en": "Penalty-reward contrast analysis", "zh": "惩罚-奖励对比分析"},
    "sat_fig_prca_x": {"en": "Effect on overall satisfaction (rating points)", "zh": "对总体满意度的影响（评分）"},
    "sat_fig_prca_y": {"en": "Attribute (Kano category)", "zh": "属性（Kano 分类）"},
    "sat_fig_penalty": {"en": "penalty (low rating)", "zh": "惩罚（低评分）"},
    "sat_fig_reward": {"en": "reward (high rating)", "zh": "奖励（高评分）"},
    # penalty-reward ticks: one entry per Kano category ("performance" alone would also be the axis word)
    "sat_fig_kano_basic": {"en": "{attribute} (Kano: basic)", "zh": "{attribute}（Kano：基本型）"},
    "sat_fig_kano_performance": {"en": "{attribute} (Kano: performance)", "zh": "{attribute}（Kano：期望型）"},
    "sat_fig_kano_excitement": {"en": "{attribute} (Kano: excitement)", "zh": "{attribute}（Kano：兴奋型）"},
    "sat_fig_kano_indifferent": {"en": "{attribute} (Kano: indifferent)", "zh": "{attribute}（Kano：无差异型）"},
    "sat_needs_items_intro": {
        "en": "This report needs {what}, like this one (then render the reports with it):",
        "zh": "本报告需要{what}，例如（然后用该文件生成报告）："},
}
