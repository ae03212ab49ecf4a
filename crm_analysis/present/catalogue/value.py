"""Words of the customer-value reports (notebooks 00, 10, 11 and 30): tables, prose, figures, group names.

Keys start with ``value_``.  Figure entries are the English texts that the
plots of :mod:`crm_analysis.value.plots` write (``{fields}`` where they put a
number or a unit), so :func:`crm_analysis.present.localize` finds them.  The
English names and actions of tiers, quadrants and RFM segments are the
engine's own (:mod:`crm_analysis.value.concentration`; a test keeps the two equal).
"""

TEXT = {
    # ---------------------------------------------------------------- groups: pyramid tiers
    "value_tier_key": {"en": "key", "zh": "关键客户"},
    "value_tier_ordinary": {"en": "ordinary", "zh": "普通客户"},
    "value_tier_small": {"en": "small", "zh": "小客户"},
    "value_tier_bad": {"en": "bad", "zh": "劣质客户"},
    "value_action_key": {"en": "Concentrate resources: dedicated service, loyalty rewards, protect from churn",
                         "zh": "集中资源：专属服务、忠诚奖励，重点防止流失"},
    "value_action_ordinary": {"en": "Upgrade: cross-sell and up-sell to grow share of wallet",
                              "zh": "提升：交叉销售和向上销售，提高钱包份额"},
    "value_action_small": {"en": "Serve at low cost (self-service, digital channels); upgrade those with potential",
                           "zh": "低成本服务（自助、线上渠道）；提升其中有潜力的客户"},
    "value_action_bad": {"en": "Cut cost-to-serve or reprice; consider ending the relationship",
                         "zh": "降低服务成本或重新定价；考虑终止关系"},
    # ---------------------------------------------------------------- groups: frequency x spend quadrants
    "value_quadrant_true friends": {"en": "true friends", "zh": "知己"},
    "value_quadrant_butterflies": {"en": "butterflies", "zh": "蝴蝶"},
    "value_quadrant_barnacles": {"en": "barnacles", "zh": "藤壶"},
    "value_quadrant_strangers": {"en": "strangers", "zh": "过客"},
    "value_action_true friends": {"en": "Reward and retain: communicate consistently, build attitudinal loyalty",
                                  "zh": "奖励并保留：持续沟通，培养态度忠诚"},
    "value_action_butterflies": {"en": "Harvest while they buy; do not over-invest in retaining them",
                                 "zh": "在其购买时充分获利；不要在保留上过度投入"},
    "value_action_barnacles": {"en": "Grow the wallet (cross-sell, up-sell) or lower cost-to-serve",
                               "zh": "扩大钱包份额（交叉销售、向上销售）或降低服务成本"},
    "value_action_strangers": {"en": "Make money on every transaction; minimal relationship investment",
                               "zh": "每笔交易都要盈利；尽量少做关系投入"},
    # ---------------------------------------------------------------- groups: RFM segments
    "value_segment_Champions": {"en": "Champions", "zh": "冠军客户"},
    "value_segment_Loyal": {"en": "Loyal", "zh": "忠诚客户"},
    "value_segment_Potential loyalists": {"en": "Potential loyalists", "zh": "潜在忠诚客户"},
    "value_segment_New customers": {"en": "New customers", "zh": "新客户"},
    "value_segment_Promising": {"en": "Promising", "zh": "有潜力客户"},
    "value_segment_Need attention": {"en": "Need attention", "zh": "需要关注"},
    "value_segment_About to sleep": {"en": "About to sleep", "zh": "即将沉睡"},
    "value_segment_Cannot lose them": {"en": "Cannot lose them", "zh": "不能失去的客户"},
    "value_segment_At risk": {"en": "At risk", "zh": "有流失风险"},
    "value_segment_Hibernating": {"en": "Hibernating", "zh": "休眠客户"},
    "value_segment_Lost": {"en": "Lost", "zh": "已流失"},
    # ---------------------------------------------------------------- table columns
    "value_col_tier": {"en": "Tier", "zh": "客户层级"},
    "value_col_group": {"en": "Group", "zh": "客户群"},
    "value_col_customer": {"en": "Customer", "zh": "客户"},
    "value_col_customers": {"en": "Customers", "zh": "客户数"},
    "value_col_customer_share": {"en": "% of customers", "zh": "客户占比"},
    "value_col_revenue": {"en": "Revenue ({currency})", "zh": "收入（{currency}）"},
    "value_col_revenue_share": {"en": "% of revenue", "zh": "收入占比"},
    "value_col_expected_value": {"en": "Expected value, next {h} months ({currency})",
                                 "zh": "未来{h}个月预期价值（{currency}）"},
    "value_col_action": {"en": "Suggested action", "zh": "建议措施"},
    "value_col_frequency": {"en": "Repeat purchases", "zh": "重复购买次数"},
    "value_col_weeks_silent": {"en": "Weeks since last purchase", "zh": "距上次购买（周）"},
    "value_col_p_alive": {"en": "P(still active)", "zh": "仍活跃概率"},
    "value_col_value_if_alive": {"en": "Value if still active ({currency})", "zh": "若仍活跃的价值（{currency}）"},
    "value_col_value_at_risk": {"en": "Value at risk ({currency})", "zh": "风险价值（{currency}）"},
    "value_col_list": {"en": "List", "zh": "名单"},
    "value_col_reason": {"en": "Reason and action", "zh": "原因与措施"},
    "value_col_revenue_to_date": {"en": "Revenue to date ({currency})", "zh": "累计收入（{currency}）"},
    "value_col_share_top": {"en": "Top customers", "zh": "价值最高的客户"},
    "value_col_value_share": {"en": "Share of revenue", "zh": "收入占比"},
    "value_top_share_row": {"en": "top {share}", "zh": "前 {share}"},
    # ---------------------------------------------------------------- action lists
    "value_list_retention": {"en": "Retention list (still active, at risk)", "zh": "挽留名单（仍活跃、有流失风险）"},
    "value_list_win_back": {"en": "Win-back list (probably gone)", "zh": "赢回名单（很可能已流失）"},
    "value_list_kind_retention": {"en": "retention", "zh": "挽留"},
    "value_list_kind_win_back": {"en": "win-back", "zh": "赢回"},
    "value_reason_retention": {
        "en": "Valuable; silent for {weeks} weeks, {p} chance still active: contact now to keep",
        "zh": "高价值；已 {weeks} 周未购买，仍活跃概率 {p}：请立即联系挽留"},
    "value_reason_win_back": {
        "en": "Valuable; silent for {weeks} weeks, only {p} chance still active: probably gone, win-back offer",
        "zh": "高价值；已 {weeks} 周未购买，仍活跃概率仅 {p}：很可能已流失，请提供赢回优惠"},
    "value_list_empty": {"en": "No customer is on this list with the thresholds of the parameters.",
                         "zh": "按参数中的阈值，没有客户进入这份名单。"},
    "value_list_more": {"en": "The page shows the first {shown} of {total}; the files hold all of them.",
                        "zh": "页面显示前 {shown} 位（共 {total} 位）；文件中包含全部客户。"},
    "value_needs_transactions": {"en": "transactions (who bought what, when, for how much)",
                                 "zh": "交易记录（谁在何时购买了什么、金额多少）"},
    # ---------------------------------------------------------------- KPI labels
    "value_kpi_customers": {"en": "Customers with a purchase up to the report date",
                            "zh": "截至报告日有购买记录的客户"},
    "value_kpi_revenue": {"en": "Revenue up to the report date ({currency})", "zh": "截至报告日的收入（{currency}）"},
    "value_kpi_equity": {"en": "Customer equity, next {h} months ({currency})",
                         "zh": "未来{h}个月客户资产（{currency}）"},
    "value_kpi_top20": {"en": "Revenue share of the top 20% of customers", "zh": "前20%客户的收入占比"},
    "value_kpi_retention": {"en": "Valuable customers still active but at risk (retention)",
                            "zh": "仍活跃但有流失风险的高价值客户（挽留）"},
    "value_kpi_retention_value": {"en": "Their value at risk ({currency})", "zh": "其风险价值（{currency}）"},
    "value_kpi_win_back": {"en": "Valuable customers probably gone (win-back)",
                           "zh": "很可能已流失的高价值客户（赢回）"},
    "value_kpi_win_back_value": {"en": "Their value if won back ({currency})", "zh": "若赢回的价值（{currency}）"},
    # ---------------------------------------------------------------- the 80/20 reading
    "value_what_revenue": {"en": "revenue", "zh": "收入"},
    "value_what_profit": {"en": "profit", "zh": "利润"},
    "value_what_value": {"en": "value", "zh": "价值"},
    "value_pareto_head": {
        "en": "The top {share} of customers bring {est} of {what} ({level} interval {low} to {high}).",
        "zh": "前 {share} 的客户贡献了 {est} 的{what}（{level} 置信区间 {low} 至 {high}）。"},
    "value_pareto_within": {
        "en": "The interval covers {claim}: the difference from the {rule} rule is within the noise, so the data are "
              "consistent with it.",
        "zh": "区间包含 {claim}：与{rule}的差异在随机误差范围之内，数据与该法则一致。"},
    "value_pareto_below": {
        "en": "The whole interval lies below {claim}: {what} is concentrated, but clearly less than the {rule} rule "
              "says.",
        "zh": "整个区间都低于 {claim}：{what}是集中的，但明显不及{rule}所说的程度。"},
    "value_pareto_above": {
        "en": "The whole interval lies above {claim}: {what} is even more concentrated than the {rule} rule says.",
        "zh": "整个区间都高于 {claim}：{what}比{rule}所说的还要集中。"},
    "value_rule": {"en": "{share}/{claim}", "zh": "“{share}/{claim}法则”"},
    "value_share_for_value": {"en": "{value} of revenue comes from the top {share} of customers.",
                              "zh": "{value} 的收入来自价值最高的 {share} 的客户。"},
    # ---------------------------------------------------------------- findings of report 30
    "value_finding_key": {
        "en": "**Key customers**: {n} customers ({share} of all) bring {value_share} of revenue; small customers "
              "({small_share} of all) bring {small_value_share}.",
        "zh": "**关键客户**：{n} 位客户（占全部客户的 {share}）贡献了 {value_share} 的收入；小客户（占 {small_share}）"
              "只贡献 {small_value_share}。"},
    "value_finding_equity": {
        "en": "**Customer equity**: today's {n} customers are expected to bring {equity} over the next {h} months "
              "({what}, discounted at {rate} a year); half of it comes from the top {half} of customers.",
        "zh": "**客户资产**：现有 {n} 位客户预计在未来 {h} 个月带来 {equity}（{what}，按年 {rate} 折现）；"
              "其中一半来自价值最高的 {half} 的客户。"},
    "value_finding_retention": {
        "en": "**Still active, at risk (retention)**: {n} of the top {valuable} of customers by value have between a "
              "{low} and a {high} chance of still being active. Kept, they would bring {value} in the next {h} "
              "months; the expected loss is {loss}. Contact them first.",
        "zh": "**仍活跃、有流失风险（挽留）**：在价值最高的 {valuable} 客户中，有 {n} 位仍活跃的概率在 {low} 到 {high} "
              "之间。若能留住，他们在未来 {h} 个月将带来 {value}；预期损失为 {loss}。请优先联系他们。"},
    "value_finding_retention_none": {
        "en": "**Still active, at risk (retention)**: none of the top {valuable} of customers by value has between "
              "a {low} and a {high} chance of still being active.",
        "zh": "**仍活跃、有流失风险（挽留）**：价值最高的 {valuable} 客户中，没有仍活跃概率在 {low} 到 {high} 之间的客户。"},
    "value_finding_win_back": {
        "en": "**Probably gone (win-back)**: {n} more valuable customers have less than a {low} chance of still "
              "being active. A retention call would not reach them; a win-back offer "
              "might. If won back, they would bring {value} in the next {h} months.",
        "zh": "**很可能已流失（赢回）**：另有 {n} 位高价值客户仍活跃的概率低于 {low}。挽留电话已无济于事，"
              "赢回优惠或许有效：若赢回，他们在未来 {h} 个月将带来 {value}。"},
    "value_finding_win_back_none": {
        "en": "**Probably gone (win-back)**: no valuable customer has less than a {low} chance of still being active.",
        "zh": "**很可能已流失（赢回）**：没有仍活跃概率低于 {low} 的高价值客户。"},
    # ---------------------------------------------------------------- margin and exclusions
    "value_margin_parameter": {"en": "Values are profit: revenue times the margin {margin} set in the parameters.",
                               "zh": "价值为利润：收入乘以参数中设定的利润率 {margin}。"},
    "value_margin_database": {"en": "Values are profit: revenue times the margin {margin} recorded in the database.",
                              "zh": "价值为利润：收入乘以数据库中记录的利润率 {margin}。"},
    "value_margin_revenue": {
        "en": "Values are revenue: the database records no margin (set one with `crm-analysis init --margin` or "
              "the `margin` parameter to value profit).",
        "zh": "价值为收入：数据库中没有记录利润率（可用 `crm-analysis init --margin` 或参数 `margin` 设定，以按利润计算）。"},
    "value_what_is_profit": {"en": "profit", "zh": "利润"},
    "value_what_is_revenue": {"en": "revenue", "zh": "收入"},
    "value_excluded_returns_what": {"en": "transaction rows", "zh": "条交易记录"},
    "value_excluded_returns_reason": {"en": "returns or refunds: negative amounts are not revenue",
                                      "zh": "退货或退款：负金额不计为收入"},
    "value_excluded_late_what": {"en": "transaction rows", "zh": "条交易记录"},
    "value_excluded_late_reason": {"en": "dated after the report date {date}", "zh": "日期晚于报告日 {date}"},
    "value_excluded_customers_what": {"en": "customers", "zh": "位客户"},
    "value_excluded_customers_reason": {"en": "no purchase up to the report date", "zh": "截至报告日没有购买"},
    "value_excluded_zero_what": {"en": "repeat buyers", "zh": "位重复购买客户"},
    "value_excluded_zero_reason": {
        "en": "left out of the spend model only: their repeat purchases add up to 0 or less; their value uses the "
              "average spend",
        "zh": "仅未用于消费额模型：其重复购买金额合计不大于 0；其价值按平均消费额计算"},
    "value_excluded_none": {"en": "Nothing was left out: every purchase up to the report date is counted.",
                            "zh": "没有排除任何数据：截至报告日的每一笔购买都已计入。"},
    "value_excluded_late_reason_window": {"en": "dated after the end of the observation window {date}",
                                          "zh": "日期晚于观察期结束日 {date}"},
    "value_excluded_customers_reason_window": {"en": "no purchase up to the end of the observation window",
                                               "zh": "观察期结束前没有购买"},
    "value_excluded_none_window": {"en": "Nothing was left out: every purchase up to the end of the observation "
                                         "window is counted.",
                                   "zh": "没有排除任何数据：观察期结束前的每一笔购买都已计入。"},
    "value_notes_intro": {"en": "Note on the models:", "zh": "模型提示："},
    "value_note_correlation": {
        "en": "spend and purchase frequency are correlated among repeat buyers, so the spend model's assumption of "
              "independence holds only roughly; treat the values as approximate.",
        "zh": "重复购买客户的消费额与购买频率相关，消费额模型的独立性假设只是近似成立；请把价值视为近似值。"},
    "value_note_boundary": {
        "en": "the purchase model's drop-out parameters ran to a limit of the model (too few repeat buyers or too "
              "short a history to tell how drop-out differs between customers), so the chances of still being active "
              "and the values rest on a simplified model; treat them as approximate.",
        "zh": "购买模型的流失参数达到了模型的边界（重复购买客户太少或历史太短，无法区分客户之间流失倾向的差异），"
              "因此仍活跃概率和价值基于一个简化的模型；请把它们视为近似值。"},
    "value_note_other": {"en": "a model fit reported: {message}", "zh": "模型拟合提示（英文原文）：{message}"},
    # ---------------------------------------------------------------- published-number checks (teaching)
    "value_check_not_applicable": {
        "en": "Comparison with the published numbers: not applicable, this database is not the CDNOW demo "
              "({name}). The published values describe the CDNOW data only.",
        "zh": "与已发表数字的对照：不适用，本数据库不是 CDNOW 演示数据（{name}）。已发表的数值只描述 CDNOW 数据。"},
    "value_check_other_settings": {
        "en": "Comparison with the published numbers: not applicable with these settings; the paper uses {settings}.",
        "zh": "与已发表数字的对照：在当前设置下不适用；论文使用的是 {settings}。"},
    "value_check_quantity": {"en": "Quantity", "zh": "指标"},
    "value_check_published": {"en": "Published", "zh": "已发表值"},
    "value_check_ours": {"en": "This run", "zh": "本次计算"},
    "value_check_agrees": {"en": "Agrees", "zh": "是否一致"},
    "value_check_yes": {"en": "yes", "zh": "是"},
    "value_check_no": {"en": "no", "zh": "否"},
    "value_q_customers": {"en": "customers", "zh": "客户数"},
    "value_q_repeat_buyers": {"en": "repeat buyers", "zh": "重复购买客户数"},
    "value_q_c1_frequency": {"en": "customer 1: frequency", "zh": "客户 1：重复购买次数"},
    "value_q_c1_recency": {"en": "customer 1: recency (weeks)", "zh": "客户 1：最近购买时间（周）"},
    "value_q_c1_T": {"en": "customer 1: T (weeks)", "zh": "客户 1：观察时长（周）"},
    "value_q_log_likelihood": {"en": "log-likelihood", "zh": "对数似然"},
    "value_q_gg_customers": {"en": "repeat buyers in the spend model", "zh": "消费额模型中的重复购买客户数"},
    "value_q_expected_39w_x2": {"en": "expected purchases in 39 weeks (x = 2, tₓ = 30.43, T = 38.86)",
                                "zh": "39 周内的预期购买次数（x = 2, tₓ = 30.43, T = 38.86）"},
    # ---------------------------------------------------------------- teaching pages: tables and sentences
    "value_missing_no_customer": {"en": "– : no customer in this group, so there is nothing to average",
                                  "zh": "–：该组没有客户，因此没有平均值"},
    "value_stat_count": {"en": "count", "zh": "数量"},
    "value_stat_mean": {"en": "mean", "zh": "均值"},
    "value_stat_std": {"en": "std", "zh": "标准差"},
    "value_stat_min": {"en": "min", "zh": "最小值"},
    "value_stat_25": {"en": "25%", "zh": "25% 分位数"},
    "value_stat_50": {"en": "50%", "zh": "中位数"},
    "value_stat_75": {"en": "75%", "zh": "75% 分位数"},
    "value_stat_max": {"en": "max", "zh": "最大值"},
    "value_quadrant_split": {
        "en": "High frequency: more than {frequency} purchase(s); high spend: more than {spend} per purchase "
              "(the medians).",
        "zh": "高频：购买次数多于 {frequency} 次；高消费：单次消费高于 {spend}（均为中位数）。"},
    "value_fit_sentence": {"en": "Fitted on {n} customers; log-likelihood {ll}.",
                           "zh": "基于 {n} 位客户拟合；对数似然为 {ll}。"},
    "value_spend_sentence": {
        "en": "Population mean spend per purchase: {mean}. Correlation of frequency and spend among repeat buyers: "
              "{r} (the model assumes they are independent; this is small enough).",
        "zh": "总体平均单次消费额：{mean}。重复购买客户中购买频率与消费额的相关系数：{r}"
              "（模型假设二者独立；这个相关性足够小）。"},
    "value_spend_sentence_high": {
        "en": "Population mean spend per purchase: {mean}. Correlation of frequency and spend among repeat buyers: "
              "{r}, above 0.3: the model's assumption that they are independent holds only roughly, so treat the "
              "spend predictions as approximate.",
        "zh": "总体平均单次消费额：{mean}。重复购买客户中购买频率与消费额的相关系数：{r}，高于 0.3："
              "模型的独立性假设只是近似成立，请把消费额预测视为近似值。"},
    "value_discount_sentence": {"en": "An annual discount rate of {annual} is a monthly rate of {monthly}.",
                                "zh": "年折现率 {annual} 相当于月折现率 {monthly}。"},
    "value_discount_effect": {"en": "Discounting lowers the total by {share}.", "zh": "折现使总额降低了 {share}。"},
    "value_store_again_nothing": {
        "en": "Importing the same {rows} rows a second time added nothing: the database already holds them.",
        "zh": "再次导入同样的 {rows} 行没有新增任何记录：数据库中已经有这些数据。"},
    "value_store_again_added": {
        "en": "Importing the same {rows} rows a second time added {added} rows.",
        "zh": "再次导入同样的 {rows} 行新增了 {added} 条记录。"},
    "value_store_same": {"en": "The SQL summary and the pandas summary agree for all {n} customers.",
                         "zh": "SQL 汇总与 pandas 汇总对全部 {n} 位客户完全一致。"},
    "value_store_differ": {"en": "The SQL summary and the pandas summary differ (compared for {n} customers).",
                           "zh": "SQL 汇总与 pandas 汇总不一致（比较了 {n} 位客户）。"},
    # ---------------------------------------------------------------- figures: concentration
    "value_fig_lorenz": {"en": "Lorenz curve", "zh": "洛伦兹曲线"},
    "value_fig_equal": {"en": "Equal value", "zh": "完全均等"},
    "value_fig_gini": {"en": "Gini = {gini_coefficient}", "zh": "基尼系数 = {gini_coefficient}"},
    "value_fig_top_bring": {"en": "Top {share} of customers bring {top}", "zh": "前 {share} 的客户贡献 {top}"},
    "value_fig_concentration": {"en": "Concentration of customer value", "zh": "客户价值的集中度"},
    "value_fig_customers_axis": {"en": "Customers, least to most valuable (% of customers)",
                                 "zh": "客户（按价值从低到高，客户占比 %）"},
    "value_fig_cum_value": {"en": "Cumulative value ({currency}, % of total)", "zh": "累计价值（{currency}，占总额 %）"},
    "value_fig_share_customers": {"en": "Share of customers", "zh": "客户占比"},
    "value_fig_share_of": {"en": "Share of {what_is_shared}", "zh": "{what_is_shared}占比"},
    "value_fig_customers_vs": {"en": "Customers vs {what} by group", "zh": "各客户群的人数与{what}对比"},
    "value_fig_share_total": {"en": "Share of the total (%)", "zh": "占总额的比例（%）"},
    "value_fig_tier": {"en": "tier", "zh": "客户层级"},
    "value_fig_segment": {"en": "segment", "zh": "客户细分"},
    "value_fig_group": {"en": "Group", "zh": "客户群"},
    "value_fig_pyramid": {"en": "Customer pyramid (tiers by cumulative value share)",
                          "zh": "客户金字塔（按累计价值占比分层）"},
    "value_fig_layer_width": {"en": "Layer width: illustrative (see labels)", "zh": "层宽仅为示意（见标注）"},
    "value_fig_tier_axis": {"en": "Tier (top = most valuable)", "zh": "层级（顶部价值最高）"},
    "value_fig_n_customers": {"en": "{n} customers ({share})", "zh": "{n} 位客户（{share}）"},
    "value_fig_of_value": {"en": "{share_of_value} of value", "zh": "占价值 {share_of_value}"},
    "value_fig_quadrant_legend": {"en": "{group}: {n} customers", "zh": "{group}：{n} 位客户"},
    "value_fig_quadrants": {"en": "Frequency x spend quadrants", "zh": "购买频率 × 消费额四象限"},
    "value_fig_frequency_axis": {"en": "Purchase frequency ({column}, count)", "zh": "购买频率（{column}，次数）"},
    "value_fig_spend_axis": {"en": "Spend per purchase ({column}, {currency})", "zh": "单次消费额（{column}，{currency}）"},
    "value_fig_col_purchases": {"en": "purchases", "zh": "购买次数"},
    "value_fig_col_mean_spend": {"en": "mean_spend", "zh": "平均单次消费"},
    "value_fig_col_frequency": {"en": "frequency", "zh": "重复购买次数"},
    "value_fig_col_monetary": {"en": "monetary_value", "zh": "重复购买平均金额"},
    # ---------------------------------------------------------------- figures: models and validation
    "value_fig_expected_heatmap": {"en": "Expected purchases in the next {t} {unit} (T = {T} {unit})",
                                   "zh": "未来 {t} {unit}的预期购买次数（T = {T} {unit}）"},
    "value_fig_alive_heatmap": {"en": "Probability a customer is still active (T = {T} {unit})",
                                "zh": "客户仍活跃的概率（T = {T} {unit}）"},
    "value_fig_expected_purchases": {"en": "Expected purchases", "zh": "预期购买次数"},
    "value_fig_recency_axis": {"en": "Recency (last purchase, {unit} after the first)",
                               "zh": "最近购买时间（首次购买后第几{unit}）"},
    "value_fig_frequency_repeat": {"en": "Frequency (repeat purchases)", "zh": "购买频率（重复购买次数）"},
    "value_fig_actual": {"en": "Actual", "zh": "实际"},
    "value_fig_model": {"en": "Model", "zh": "模型"},
    "value_fig_holdout_title": {"en": "Holdout purchases by calibration frequency", "zh": "按校准期频率分组的留出期购买"},
    "value_fig_calibration_axis": {"en": "Repeat purchases in the calibration period", "zh": "校准期内的重复购买次数"},
    "value_fig_holdout_mean": {"en": "Mean purchases per customer in the holdout", "zh": "留出期内人均购买次数"},
    "value_fig_holdout_mean_span": {"en": "Mean purchases per customer in the holdout ({duration} {unit})",
                                    "zh": "留出期内人均购买次数（{duration} {unit}）"},
    "value_fig_tracking_cum": {"en": "Cumulative repeat purchases: actual vs model", "zh": "累计重复购买：实际与模型"},
    "value_fig_tracking": {"en": "Repeat purchases: actual vs model", "zh": "重复购买：实际与模型"},
    "value_fig_date_axis": {"en": "Date (end of step)", "zh": "日期（每期期末）"},
    "value_fig_cum_count": {"en": "Cumulative repeat purchases (count)", "zh": "累计重复购买（次数）"},
    "value_fig_count": {"en": "Repeat purchases (count)", "zh": "重复购买（次数）"},
    "value_fig_end_calibration": {"en": "End of calibration", "zh": "校准期结束"},
    # the model comparison (compare_models): table headers, the note under it, the sentence
    "value_cmp_model": {"en": "Model", "zh": "模型"},
    "value_cmp_n_params": {"en": "Parameters", "zh": "参数个数"},
    "value_cmp_log_likelihood": {"en": "Log-likelihood", "zh": "对数似然"},
    "value_cmp_aic": {"en": "AIC", "zh": "AIC"},
    "value_cmp_delta_aic": {"en": "ΔAIC", "zh": "ΔAIC"},
    "value_cmp_bic": {"en": "BIC", "zh": "BIC"},
    "value_cmp_actual": {"en": "Holdout purchases", "zh": "留出期实际购买"},
    "value_cmp_predicted": {"en": "Predicted", "zh": "预测购买"},
    "value_cmp_error_pct": {"en": "Total error", "zh": "总量误差"},
    "value_cmp_mae": {"en": "MAE per customer", "zh": "每位客户的 MAE"},
    "value_cmp_rmse": {"en": "RMSE", "zh": "RMSE"},
    "value_cmp_note": {
        "en": "All models fitted on the same {n} customers up to {end} and tested on the next {duration} {unit}. "
              "AIC = 2k − 2·log-likelihood, BIC = k·ln(n) − 2·log-likelihood (k parameters): lower is better; "
              "ΔAIC is the distance to the best. Total error = (predicted − actual) / actual.",
        "zh": "所有模型都用截至 {end} 的同一批 {n} 位客户拟合，并在随后的 {duration} {unit}内检验。"
              "AIC = 2k − 2·对数似然，BIC = k·ln(n) − 2·对数似然（k 为参数个数）：越低越好；ΔAIC 是与最优模型的差距。"
              "总量误差 = （预测 − 实际）/ 实际。"},
    "value_cmp_note_short": {
        "en": "All models fitted on the same customers. AIC = 2k − 2·log-likelihood, BIC = k·ln(n) − "
              "2·log-likelihood (k parameters): lower is better. Total error = (predicted − actual) / actual.",
        "zh": "所有模型都用同一批客户拟合。AIC = 2k − 2·对数似然，BIC = k·ln(n) − 2·对数似然（k 为参数个数）：越低越好。"
              "总量误差 = （预测 − 实际）/ 实际。"},
    "value_cmp_not_fitted": {
        "en": "{models} could not be fitted on these data (the optimiser did not converge): – marks its row.",
        "zh": "{models} 无法在这些数据上拟合（优化算法未收敛）：其所在行以 – 表示。"},
    "value_cmp_sentence_none": {"en": "None of the models could be fitted on these data.",
                                "zh": "这些数据上没有一个模型能够拟合。"},
    "value_cmp_sentence_aic": {
        "en": "By AIC, {best} describes the calibration period best, {lead} below {second}; by BIC, {bic}.",
        "zh": "按 AIC，{best} 对校准期的描述最好，比 {second} 低 {lead}；按 BIC，最好的是 {bic}。"},
    "value_cmp_sentence_one": {"en": "Only {best} was fitted.", "zh": "只拟合了 {best}。"},
    "value_cmp_sentence_close": {
        "en": "A difference in AIC below 2 is no evidence either way.",
        "zh": "AIC 相差不到 2，不足以说明哪个模型更好。"},
    "value_cmp_sentence_holdout_same": {
        "en": "In the holdout, {total} comes closest in total ({error}) and also has the smallest error per customer "
              "(MAE {mae}).",
        "zh": "在留出期，{total} 的总量预测最接近实际（误差 {error}），每位客户的误差也最小（MAE {mae}）。"},
    "value_cmp_sentence_holdout": {
        "en": "In the holdout, {total} comes closest in total ({error}) and {mae_model} has the smallest error per "
              "customer (MAE {mae}).",
        "zh": "在留出期，{total} 的总量预测最接近实际（误差 {error}），{mae_model} 的每位客户误差最小（MAE {mae}）。"},
    "value_clv_interval_sentence": {
        "en": "Customer equity: {equity}, {level} interval {lower} to {upper} (from {draws} draws of both models' "
              "parameters).",
        "zh": "客户资产：{equity}，{level} 区间为 {lower} 至 {upper}（基于两个模型参数的 {draws} 次抽样）。"},
    "value_clv_interval_sentence_unbounded": {
        "en": "Customer equity: {equity}, {level} interval from {lower} with no finite upper limit: the spend model's "
              "estimate sits at the edge of its parameter space (q, the spread of spend between customers, is not "
              "pinned down), so at {infinite} of {draws} parameter draws customers without repeat purchases get an "
              "unbounded expected spend. Read the estimate as a point value; a fixed spend per purchase or more "
              "repeat buyers give a finite interval.",
        "zh": "客户资产：{equity}，{level} 区间下限为 {lower}，没有有限的上限：消费金额模型的估计落在参数空间的边界上"
              "（反映客户间消费差异的 q 无法确定），因此在 {draws} 次参数抽样中有 {infinite} 次，没有重复购买的客户的预期"
              "消费无上界。请把估计值当作点估计来看；使用固定的每次购买金额或更多重复购买客户可得到有限区间。"},
    "value_paper_settings": {
        "en": "the 1/10 CDNOW sample (2,357 customers, the demo database cdnow_sample), a 39-week calibration period "
              "ending 1997-09-30 and weeks as the time unit",
        "zh": "CDNOW 的 1/10 样本（2,357 位客户，演示数据库 cdnow_sample）、截至 1997-09-30 的 39 周校准期，时间单位为周"},
}
