"""Words of the survey-research pages (report 21 and section 8 of notebook 12): missing answers, PLS and PLSc,
model fit, PLSpredict, multigroup analysis and MICOM.  Keys start with ``sr_``.
"""

TEXT = {
    # ------------------------------------------------------------------ data
    "sr_data_file": {"en": "Data: the survey file {name}, {n} respondents, answers on {low}-{high}{codes}.",
                     "zh": "数据：问卷文件 {name}，{n} 位受访者，答案量表 {low}-{high}{codes}。"},
    "sr_data_codes": {"en": "; \"no answer\" codes {codes} read as missing",
                      "zh": "；表示\"未作答\"的代码 {codes} 按缺失处理"},
    "sr_group_used": {"en": "The group comparison uses {used} of the {total} respondents: {parts}.",
                      "zh": "组间比较使用了 {total} 位受访者中的 {used} 位：{parts}。"},
    "sr_group_incomplete": {"en": "{n} with a missing answer are left out (the comparison needs every answer)",
                            "zh": "{n} 位有缺答的受访者未纳入（比较需要每一个答案）"},
    "sr_group_unknown_count": {"en": "{n} with every answer but no value of the group column '{column}' are left out",
                               "zh": "{n} 位回答完整但分组列 '{column}' 没有取值的受访者未纳入"},
    # ------------------------------------------------------------------ missing answers
    "sr_item": {"en": "Question", "zh": "题目"},
    "sr_construct": {"en": "Construct", "zh": "构念"},
    "sr_missing": {"en": "Missing answers", "zh": "缺答数"},
    "sr_missing_share": {"en": "Share missing", "zh": "缺答比例"},
    "sr_missing_answers": {"en": "Answers missing per respondent", "zh": "每位受访者的缺答数"},
    "sr_share_respondents": {"en": "Share of respondents", "zh": "受访者比例"},
    "sr_missing_none": {"en": "All {n} respondents answered every one of the model's {k} questions: no answer is "
                              "missing, so no rule for missing answers is needed.",
                        "zh": "全部 {n} 位受访者回答了模型的全部 {k} 个题目：没有缺答，因此不需要缺失值处理规则。"},
    "sr_missing_some": {"en": "Of {n} respondents, {complete} answered all {k} questions; {gaps} answers are missing "
                              "({share} of all answers), most in {item} ({item_share}).",
                        "zh": "{n} 位受访者中有 {complete} 位回答了全部 {k} 个题目；共缺 {gaps} 个答案（占全部答案的 "
                              "{share}），缺答最多的是 {item}（{item_share}）。"},
    "sr_rule_mean": {"en": "Rule used: mean replacement (`missing=\"mean\"`): a missing answer counts as the item's "
                           "mean, recomputed inside every bootstrap resample, so all {n} respondents are used.",
                     "zh": "所用规则：均值替代（`missing=\"mean\"`）：缺失的答案按该题的均值计，并在每个自助样本中重新计算，"
                           "因此使用全部 {n} 位受访者。"},
    "sr_rule_listwise": {"en": "Rule used: listwise deletion (`missing=\"listwise\"`): the {dropped} respondents with "
                               "a gap are left out, the models use the {used} complete ones.",
                         "zh": "所用规则：成列删除（`missing=\"listwise\"`）：有缺答的 {dropped} 位受访者被剔除，模型使用 {used} "
                               "位答全的受访者。"},
    "sr_rule_pairwise": {"en": "Rule used: pairwise deletion (`missing=\"pairwise\"`): each correlation between two "
                               "questions comes from the respondents who answered both.",
                         "zh": "所用规则：成对删除（`missing=\"pairwise\"`）：两个题目之间的相关系数只用同时回答了这两题的受访者计算。"},
    "sr_rule_too_many": {"en": "{k} question(s) lack more than 5 % of their answers ({items}): above that share, mean "
                               "replacement shrinks the item's variance noticeably (Hair et al. 2022 advise it only "
                               "below 5 %); compare with `missing=\"listwise\"`.",
                         "zh": "有 {k} 个题目缺答超过 5%（{items}）：超过这一比例时均值替代会明显压低该题的方差（Hair 等 2022 "
                               "只建议在 5% 以下使用）；请与 `missing=\"listwise\"` 的结果对照。"},
    "sr_complete_only": {"en": "PLSpredict and the group comparison need complete answers (imputing on the whole "
                               "sample would leak the held-out answers into the training folds, and item means would "
                               "differ between groups), so they use the {used} respondents who answered every "
                               "question ({dropped} left out).",
                         "zh": "PLSpredict 和分组比较需要完整的答案（在全样本上插补会把留出样本的答案泄漏到训练折中，各组的题目均值也会不同），"
                               "因此它们使用回答了全部题目的 {used} 位受访者（剔除 {dropped} 位）。"},
    "sr_complete_all": {"en": "PLSpredict and the group comparison need complete answers; all {n} respondents have them.",
                        "zh": "PLSpredict 和分组比较需要完整的答案；全部 {n} 位受访者都答全了。"},
    # ------------------------------------------------------------------ measurement model
    "sr_alpha": {"en": "Cronbach's alpha", "zh": "Cronbach's alpha"},
    "sr_rho_a": {"en": "rho_A", "zh": "rho_A"},
    "sr_rho_c": {"en": "rho_C (composite reliability)", "zh": "rho_C（组合信度）"},
    "sr_ave": {"en": "AVE", "zh": "AVE"},
    "sr_reliability_ok": {"en": "Every construct passes alpha, rho_A and rho_C above 0.7 and AVE above 0.5.",
                          "zh": "每个构念都满足 alpha、rho_A、rho_C 大于 0.7 且 AVE 大于 0.5。"},
    "sr_reliability_fail": {"en": "Below the usual thresholds (alpha, rho_A, rho_C 0.7; AVE 0.5): {failed}.",
                            "zh": "低于常用标准（alpha、rho_A、rho_C 为 0.7，AVE 为 0.5）的有：{failed}。"},
    "sr_reliability_item": {"en": "{construct} ({measures})", "zh": "{construct}（{measures}）"},
    "sr_htmt_line": {"en": "The largest HTMT, {value} between {a} and {b}, is {verdict} 0.85 (Henseler et al. 2015).",
                     "zh": "最大的 HTMT 为 {value}（{a} 与 {b} 之间），{verdict} 0.85（Henseler 等 2015）。"},
    "sr_below": {"en": "below", "zh": "低于"},
    "sr_above": {"en": "above", "zh": "高于"},
    # ------------------------------------------------------------------ PLS and PLSc
    "sr_path": {"en": "Path", "zh": "路径"},
    "sr_pls": {"en": "PLS", "zh": "PLS"},
    "sr_plsc": {"en": "PLSc", "zh": "PLSc"},
    "sr_interval": {"en": "{model} {level} interval", "zh": "{model} {level} 区间"},
    "sr_change": {"en": "PLSc − PLS", "zh": "PLSc − PLS"},
    "sr_paths_line": {"en": "PLSc moves the paths by {mean} on average (at most {largest}, on {path}: {pls} → {plsc}); "
                            "it makes {k_up} of {k} paths larger in size. Intervals that exclude zero: {n_pls} of "
                            "{k} paths with PLS, {n_plsc} with PLSc.",
                      "zh": "PLSc 使路径系数平均变化 {mean}（最大 {largest}，在 {path} 上：{pls} → {plsc}）；{k} 条路径中有 "
                            "{k_up} 条绝对值变大。区间不含零的路径：PLS 为 {k} 条中的 {n_pls} 条，PLSc 为 {n_plsc} 条。"},
    "sr_paths_differ": {"en": " Where the interval excludes zero under one method only: {paths}.",
                        "zh": "只在其中一种方法下区间不含零的路径：{paths}。"},
    "sr_paths_bootstrap": {"en": "Percentile intervals from {b} bootstrap resamples (seed {seed}).",
                           "zh": "百分位区间来自 {b} 个自助样本（随机种子 {seed}）。"},
    # ------------------------------------------------------------------ model fit
    "sr_measure": {"en": "Measure", "zh": "指标"},
    "sr_saturated": {"en": "Saturated model", "zh": "饱和模型"},
    "sr_estimated": {"en": "Estimated model", "zh": "估计模型"},
    "sr_hi": {"en": "{model}: HI{q}", "zh": "{model}：HI{q}"},
    "sr_fit_line": {"en": "The estimated model's SRMR is {srmr}, {verdict} the usual 0.08 (Hu & Bentler 1999); its "
                          "bootstrap HI95 is {hi95}, so the discrepancy between the model-implied and the observed "
                          "correlations is {within} (Dijkstra & Henseler 2015; {b} Bollen-Stine resamples).",
                    "zh": "估计模型的 SRMR 为 {srmr}，{verdict}常用的 0.08（Hu & Bentler 1999）；其自助法 HI95 为 {hi95}，"
                          "因此模型隐含相关与观测相关之间的差异{within}（Dijkstra & Henseler 2015；{b} 个 Bollen-Stine "
                          "自助样本）。"},
    "sr_within": {"en": "within what sampling error alone produces at 95 %",
                  "zh": "没有超出仅由抽样误差在 95% 水平上可能产生的范围"},
    "sr_beyond": {"en": "beyond what sampling error alone produces at 95 %: the model misses some correlations",
                  "zh": "超出了仅由抽样误差在 95% 水平上可能产生的范围：模型未能再现部分相关"},
    # ------------------------------------------------------------------ PLSpredict
    "sr_pls_rmse": {"en": "PLS RMSE", "zh": "PLS RMSE"},
    "sr_lm_rmse": {"en": "LM RMSE", "zh": "LM RMSE"},
    "sr_pls_mae": {"en": "PLS MAE", "zh": "PLS MAE"},
    "sr_lm_mae": {"en": "LM MAE", "zh": "LM MAE"},
    "sr_q2_predict": {"en": "Q²_predict", "zh": "Q²_predict"},
    "sr_pls_better": {"en": "PLS beats LM", "zh": "PLS 优于 LM"},
    "sr_yes": {"en": "yes", "zh": "是"},
    "sr_no": {"en": "no", "zh": "否"},
    "sr_power_high": {"en": "high", "zh": "高"},
    "sr_power_medium": {"en": "medium", "zh": "中等"},
    "sr_power_low": {"en": "low", "zh": "低"},
    "sr_power_none": {"en": "no", "zh": "没有"},
    "sr_predict_line": {"en": "Out of sample ({k}-fold cross-validation, {repeats} repetition(s), {n} respondents), "
                              "Q²_predict is above 0 for {q2} of {items} items (PLS beats the training-sample mean) "
                              "and PLS has a lower RMSE than the linear-model benchmark for {better} of {items}: by "
                              "the guideline of Shmueli et al. (2019), the model has **{power}** predictive power.",
                        "zh": "在样本外（{k} 折交叉验证，重复 {repeats} 次，{n} 位受访者），{items} 个题目中有 {q2} 个的 "
                              "Q²_predict 大于 0（PLS 优于训练样本均值），有 {better} 个的 PLS RMSE 低于线性模型基准：按 "
                              "Shmueli 等（2019）的准则，该模型的预测能力为**{power}**。"},
    "sr_predict_none_line": {"en": "Out of sample ({k}-fold cross-validation, {repeats} repetition(s), {n} "
                                   "respondents), Q²_predict is above 0 for {q2} of {items} items and PLS has a lower "
                                   "RMSE than the linear-model benchmark for none of them: by the guideline of "
                                   "Shmueli et al. (2019), the model has **no** predictive power beyond the benchmark.",
                             "zh": "在样本外（{k} 折交叉验证，重复 {repeats} 次，{n} 位受访者），{items} 个题目中有 {q2} 个的 "
                                   "Q²_predict 大于 0，但没有一个题目的 PLS RMSE 低于线性模型基准：按 Shmueli 等（2019）"
                                   "的准则，该模型**没有**超出基准的预测能力。"},
    # ------------------------------------------------------------------ multigroup analysis and MICOM
    "sr_group_estimate": {"en": "{column} = {level} (n = {n})", "zh": "{column} = {level}（n = {n}）"},
    "sr_difference": {"en": "Difference", "zh": "差值"},
    "sr_p_value": {"en": "p-value", "zh": "p 值"},
    "sr_mga_line": {"en": "{k} of {total} paths differ between {g1} and {g2} at the 5 % level (permutation test, "
                          "{b} permutations){paths}.",
                    "zh": "{total} 条路径中有 {k} 条在 {g1} 与 {g2} 之间存在 5% 水平上的显著差异（置换检验，{b} 次置换）{paths}。"},
    "sr_mga_paths": {"en": ": {paths}", "zh": "：{paths}"},
    "sr_mga_path": {"en": "{path} ({d1} against {d2})", "zh": "{path}（{d1} 对 {d2}）"},
    "sr_compositional": {"en": "Step 2: compositional invariance", "zh": "第 2 步：组合不变性"},
    "sr_equal_means": {"en": "Step 3a: equal means", "zh": "第 3a 步：均值相等"},
    "sr_equal_variances": {"en": "Step 3b: equal variances", "zh": "第 3b 步：方差相等"},
    "sr_invariance": {"en": "Invariance", "zh": "不变性"},
    "sr_invariance_full": {"en": "full", "zh": "完全"},
    "sr_invariance_partial": {"en": "partial", "zh": "部分"},
    "sr_invariance_none": {"en": "none", "zh": "不成立"},
    "sr_micom_configural": {"en": "Step 1 (configural invariance) {verdict}.", "zh": "第 1 步（配置不变性）{verdict}。"},
    "sr_micom_configural_ok": {"en": "holds: same items, data treatment and algorithm settings in both groups",
                               "zh": "成立：两组的题目、数据处理和算法设置相同"},
    "sr_micom_configural_fail": {"en": "fails ({checks})", "zh": "不成立（{checks}）"},
    "sr_micom_line": {"en": "Full measurement invariance: {full}; partial (compositional invariance, but the means or "
                            "variances differ): {partial}; none: {none}. Compare the groups' paths only for constructs "
                            "with at least partial invariance (Henseler, Ringle & Sarstedt 2016; {b} permutations).",
                      "zh": "完全测量不变性：{full}；部分不变性（组合不变，但均值或方差不同）：{partial}；不成立：{none}。"
                            "只对至少具有部分不变性的构念比较两组路径（Henseler、Ringle 与 Sarstedt 2016；{b} 次置换）。"},
    "sr_group_impossible": {"en": "**The groups cannot be compared.** {reason}",
                            "zh": "**无法比较这两个组。** {reason}"},
    "sr_no_group": {"en": "No group column given (`group=\"\"`): set `group` to a column of the survey or of the "
                          "customer table (e.g. a channel, a region, churned or not) to compare two groups.",
                    "zh": "未指定分组列（`group=\"\"`）：把 `group` 设为问卷或客户表中的一列（例如渠道、地区、是否流失），"
                          "即可比较两个组。"},
    # ------------------------------------------------------------------ the exercise of notebook 12
    "sr_quantity": {"en": "Quantity", "zh": "项目"},
    "sr_score_correlation": {"en": "PLS score correlation of {a} and {b}", "zh": "{a} 与 {b} 的 PLS 得分相关"},
    "sr_rho_a_of": {"en": "rho_A of {name}", "zh": "{name} 的 rho_A"},
    "sr_by_hand": {"en": "By hand: r / √(rho_A · rho_A)", "zh": "手算：r / √(rho_A · rho_A)"},
    "sr_plsc_correlation": {"en": "PLSc construct correlation", "zh": "PLSc 构念相关"},
}
