"""Words of report 33, the customer base report (mgmt_customer_base): tables, prose and figure labels, en/zh.

Keys start with ``r33_``; the page builders are :mod:`crm_analysis.present.customer_base`.  Money fields
(``{amount}``, ``{value}``, ``{e0}`` ...) arrive formatted with the currency sign; ``{currency}`` in a
heading is the currency word (``CNY``; ``元``).  Every number on the page carries its base ("890 of 1,100").
The names of the four warnings are the early-warning catalogue's (``early_warning_reason_*``).
"""

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- periods and windows
    "r33_period_Q": {"en": "{year}\u00a0Q{q}", "zh": "{year}年第{q}季度", "figure": False},
    "r33_period_M": {"en": "{year}-{mm}", "zh": "{year}-{mm}", "figure": False},
    "r33_period_Y": {"en": "{year}", "zh": "{year}年", "figure": False},
    "r33_period_partial": {"en": "{period} (to {date})", "zh": "{period}（截至 {date}）", "figure": False},
    "r33_one_months": {"en": "month", "zh": "1 个月", "figure": False},
    "r33_one_quarters": {"en": "quarter", "zh": "1 个季度", "figure": False},
    "r33_one_years": {"en": "year", "zh": "1 年", "figure": False},
    "r33_a_months": {"en": "a month", "zh": "1 个月", "figure": False},
    "r33_a_quarters": {"en": "a quarter", "zh": "1 个季度", "figure": False},
    "r33_a_years": {"en": "a year", "zh": "1 年", "figure": False},
    "r33_n_months": {"en": "{n} months", "zh": "{n} 个月", "figure": False},
    "r33_n_quarters": {"en": "{n} quarters", "zh": "{n} 个季度", "figure": False},
    "r33_n_years": {"en": "{n} years", "zh": "{n} 年", "figure": False},
    "r33_up": {"en": "{share} more", "zh": "增加 {share}", "figure": False},
    "r33_down": {"en": "{share} fewer", "zh": "减少 {share}", "figure": False},
    # ---------------------------------------------------------------- values: with their base
    "r33_n_of_acquired": {"en": "{n} of {base} customers acquired so far", "zh": "{n}（迄今获得的 {base} 位客户中）",
                          "figure": False},
    "r33_n_of_active": {"en": "{n} of {base} ({share})", "zh": "{n}（共 {base} 位，占 {share}）", "figure": False},
    "r33_share_of_buyers": {"en": "{share} ({n} of {base} buyers)", "zh": "{share}（{base} 位购买客户中的 {n} 位）",
                            "figure": False},
    "r33_money_from_buyers": {"en": "{amount} from {base} buyers", "zh": "{amount}（来自 {base} 位购买客户）",
                              "figure": False},
    "r33_money_customers": {"en": "{amount} ({base} customers valued)", "zh": "{amount}（对 {base} 位客户估值）",
                            "figure": False},
    "r33_n_from": {"en": "{n} from {base} customers", "zh": "{n}（来自 {base} 位客户）", "figure": False},
    "r33_n_of": {"en": "{n} of {base}", "zh": "{base} 中的 {n}", "figure": False},
    "r33_n_of_customers": {"en": "{n} of {base} customers ({share})", "zh": "{base} 位客户中的 {n} 位（{share}）",
                           "figure": False},
    "r33_n_of_known": {"en": "{share} ({n} of {base} with a known outcome)",
                       "zh": "{share}（结果已知的 {base} 件中的 {n} 件）", "figure": False},
    "r33_n_of_known_short": {"en": "{share} of {base}", "zh": "{base} 件中的 {share}", "figure": False},
    "r33_rate_interval": {"en": "{rate} (95% interval {low} to {high})", "zh": "{rate}（95% 区间 {low} 至 {high}）",
                          "figure": False},
    "r33_share_interval": {"en": "{share} ({low} to {high})", "zh": "{share}（{low} 至 {high}）", "figure": False},
    "r33_days_median_p90": {"en": "median {median} days; 9 in 10 within {p90} days",
                            "zh": "中位数 {median} 天；九成在 {p90} 天内", "figure": False},
    "r33_values_revenue": {
        "en": "Values are revenue (no margin is recorded in the database nor set in the parameters).",
        "zh": "价值按收入计算（数据库中没有记录利润率，参数中也未设置）。", "figure": False},
    "r33_values_profit": {"en": "Values are gross profit at a margin of {margin} of revenue.",
                          "zh": "价值按毛利计算，利润率为收入的 {margin}。", "figure": False},
    "r33_values_trailing": {
        "en": "Values are each customer's revenue of the 12 months up to {date}: there are too few repeat buyers to "
              "fit the models of future value.",
        "zh": "价值为每位客户截至 {date} 的 12 个月收入：重复购买的客户太少，无法拟合预测未来价值的模型。", "figure": False},
    "r33_value_is_clv": {
        "en": "Value = the customer's expected value over the next {h} months (BG/NBD + Gamma-Gamma, discounted).",
        "zh": "价值 = 客户在未来 {h} 个月的预期价值（BG/NBD + Gamma-Gamma，已折现）。", "figure": False},
    # ---------------------------------------------------------------- at a glance: KPI labels
    "r33_kpi_active": {"en": "Active customers at the end of {period} (bought in the last {window})",
                       "zh": "{period}末的活跃客户（近 {window}内有购买）", "figure": False},
    "r33_kpi_new": {"en": "New customers in {period} (first purchase)", "zh": "{period}的新客户（首次购买）",
                    "figure": False},
    "r33_kpi_new_acquired": {"en": "New customers in {period} (acquired, by the customer table's acquisition date)",
                             "zh": "{period}的新客户（按客户表的获客日期）", "figure": False},
    "r33_kpi_lost_closed": {
        "en": "Lost in {period}: active at the end of the previous period, account closed or no purchase in the "
              "last {window}",
        "zh": "{period}流失的客户：上期末活跃，但已销户或近 {window}没有购买", "figure": False},
    "r33_kpi_retained": {"en": "Retained in {period}: active at the end of {previous} and still active",
                         "zh": "{period}保留的客户：{previous}末活跃且仍然活跃", "figure": False},
    "r33_kpi_lost": {"en": "Lost in {period}: active at the end of the previous period, no purchase in the last {window}",
                     "zh": "{period}流失的客户：上期末活跃，但近 {window}没有购买", "figure": False},
    "r33_kpi_returned": {"en": "Returned in {period} after more than {window} without buying",
                         "zh": "{period}回流的客户（超过 {window}未购买后再次购买）", "figure": False},
    "r33_kpi_repeat": {"en": "Repeat rate in {period}: buyers who had bought before",
                       "zh": "{period}的回头率：以前买过的购买客户", "figure": False},
    "r33_kpi_revenue": {"en": "Revenue in {period} ({currency})", "zh": "{period}的收入（{currency}）",
                        "figure": False},
    "r33_kpi_equity": {"en": "Customer equity on {date}: expected value of the next {h} months ({currency})",
                       "zh": "{date} 的客户资产：未来 {h} 个月的预期价值（{currency}）", "figure": False},
    # ---------------------------------------------------------------- findings
    "r33_find_active": {"en": "At the end of {period}, **{n} customers were active** (bought in the last {window}).",
                        "zh": "{period}末共有 **{n} 位活跃客户**（近 {window}内有购买）。", "figure": False},
    "r33_find_active_change": {
        "en": "At the end of {period}, **{n} customers were active** (bought in the last {window}): {change} than a "
              "year before ({then} at the end of {previous}).",
        "zh": "{period}末共有 **{n} 位活跃客户**（近 {window}内有购买），比一年前（{previous}末 {then} 位）{change}。",
        "figure": False},
    "r33_find_flow": {
        "en": "In {period}, {new} new customers came and {lost} were lost; {retained} of the {base} customers active "
              "at the end of {previous} stayed active ({share}).",
        "zh": "{period}新增 {new} 位客户，流失 {lost} 位；{previous}末的 {base} 位活跃客户中有 {retained} 位保持活跃（{share}）。",
        "figure": False},
    "r33_find_bridge": {
        "en": "Customer equity went from {e0} on {start} ({n0} customers) to {e1} on {end} ({n1}): new customers "
              "{new} ({n_new}), lost customers {lost} ({n_lost}), change in the retained customers' value {kept} "
              "({n_kept}).",
        "zh": "客户资产从 {start} 的 {e0}（{n0} 位客户）变为 {end} 的 {e1}（{n1} 位）：新客户 {new}（{n_new} 位），"
              "流失客户 {lost}（{n_lost} 位），保留客户的价值变化 {kept}（{n_kept} 位）。", "figure": False},
    "r33_find_cohorts": {
        "en": "Of the {n_first} customers acquired in {first}, {share_first} still bought {age} after acquisition; "
              "of the {n_last} acquired in {last}, {share_last}.",
        "zh": "{first}获得的 {n_first} 位客户中，{share_first} 在获客 {age}后仍有购买；{last}获得的 {n_last} 位客户中，"
              "这一比例为 {share_last}。", "figure": False},
    "r33_find_warnings": {
        "en": "**{n} of {base} current customers ({share}) raise at least one early warning**; they are worth "
              "{value} ({value_share} of the value of current customers).",
        "zh": "**{base} 位现有客户中有 {n} 位（{share}）触发了至少一项预警**，其价值为 {value}（占现有客户价值的 {value_share}）。",
        "figure": False},
    "r33_find_warnings_none": {"en": "None of the {base} current customers raises a warning that could be checked.",
                               "zh": "{base} 位现有客户均未触发可检查的预警。", "figure": False},
    "r33_find_warnings_common": {"en": "The most frequent warning: {warning} ({n} customers).",
                                 "zh": "最常见的预警：{warning}（{n} 位客户）。", "figure": False},
    "r33_find_warnings_not_checked": {"en": "Not checked for want of data: {warnings}.",
                                      "zh": "因缺少数据未检查：{warnings}。", "figure": False},
    "r33_find_matrix": {
        "en": "**{n} of the {valuable} valuable customers who answered the survey are dissatisfied** (of "
              "{surveyed} surveyed customers; valuable = top {top} by value, dissatisfied = satisfaction index below "
              "{threshold}); they are worth {value} ({value_share} of the surveyed customers' value).",
        "zh": "**在回答问卷的 {valuable} 位高价值客户中，有 {n} 位不满意**（共 {surveyed} 位受访客户；高价值 = 按价值排名前 {top}，"
              "不满意 = 满意度指数低于 {threshold}）；他们的价值为 {value}（占受访客户价值的 {value_share}）。",
        "figure": False},
    "r33_find_complaints": {
        "en": "{complainers} of {base} customers ({share}) complained at least once ({n} complaints in all).",
        "zh": "{base} 位客户中有 {complainers} 位（{share}）至少投诉过一次（共 {n} 件投诉）。", "figure": False},
    # ---------------------------------------------------------------- what the report reads
    "r33_data_tx": {"en": "The report reads {n} purchase rows of {customers} customers up to {date}.",
                    "zh": "本报告使用截至 {date} 的 {customers} 位客户的 {n} 条购买记录。", "figure": False},
    "r33_data_tables": {"en": "Linked to them: {tables}.", "zh": "与之关联的数据：{tables}。", "figure": False},
    "r33_data_no_tables": {"en": "The database holds no customer table, survey or complaints.",
                           "zh": "数据库中没有客户表、问卷或投诉记录。", "figure": False},
    "r33_data_customers": {"en": "the customer table ({n} customers)", "zh": "客户表（{n} 位客户）", "figure": False},
    "r33_data_survey": {"en": "{n} survey answers of {customers} customers", "zh": "{customers} 位客户的 {n} 份问卷答复",
                        "figure": False},
    "r33_data_complaints": {"en": "{n} complaints", "zh": "{n} 件投诉", "figure": False},
    "r33_excl_returns_what": {"en": "return rows", "zh": "条退货记录", "figure": False},
    "r33_excl_returns_why": {"en": "negative amounts are not purchases", "zh": "负金额不是购买", "figure": False},
    "r33_excl_late_what": {"en": "purchase rows", "zh": "条购买记录", "figure": False},
    "r33_excl_late_why": {"en": "after the report date", "zh": "晚于报告日", "figure": False},
    "r33_excl_unlinked_what": {"en": "survey answers", "zh": "份问卷答复", "figure": False},
    "r33_excl_unlinked_why": {"en": "without a customer id, so not linked to a customer",
                              "zh": "没有客户编号，无法关联到客户", "figure": False},
    # ---------------------------------------------------------------- period table
    "r33_col_period": {"en": "Period", "zh": "期间", "figure": False},
    "r33_col_buyers": {"en": "Buyers", "zh": "购买客户", "figure": False},
    "r33_col_new": {"en": "New", "zh": "新客户", "figure": False},
    "r33_col_active": {"en": "Active at the end", "zh": "期末活跃", "figure": False},
    "r33_col_retained": {"en": "Retained", "zh": "保留", "figure": False},
    "r33_col_returned": {"en": "Returned", "zh": "回流", "figure": False},
    "r33_col_lost": {"en": "Lost", "zh": "流失", "figure": False},
    "r33_col_retention_rate": {"en": "Retention rate", "zh": "保留率", "figure": False},
    "r33_col_repeat_rate": {"en": "Repeat rate", "zh": "回头率", "figure": False},
    "r33_col_revenue": {"en": "Revenue ({currency})", "zh": "收入（{currency}）", "figure": False},
    "r33_col_equity": {"en": "Customer equity at the end ({currency})", "zh": "期末客户资产（{currency}）",
                       "figure": False},
    "r33_periods_note": {
        "en": "Active = bought in the last {window}; retained = active at the end of the previous period and of this "
              "one; lost = active at the end of the previous period but not of this one; returned = active again "
              "after a longer break; retention rate = retained ÷ active at the end of the previous period; repeat "
              "rate = share of the period's buyers who had bought before. Newest period first.",
        "zh": "活跃 = 近 {window}内有购买；保留 = 上期末和本期末都活跃；流失 = 上期末活跃而本期末不活跃；回流 = 中断较长时间后再次活跃；"
              "保留率 = 保留 ÷ 上期末活跃；回头率 = 本期购买客户中以前买过的比例。最新的期间在最上面。", "figure": False},
    "r33_periods_customers": {
        "en": "With the customer table: new = acquired in the period (acquisition date); an account closed on or "
              "before the period's end (closing date) is not active and is lost in the period it closed ({n} "
              "accounts closed by {date}).",
        "zh": "使用客户表：新客户 = 本期获客（获客日期）；在期末当天或之前已销户（销户日期）的客户不算活跃，并在销户的那一期计为流失"
              "（截至 {date} 共 {n} 个账户销户）。", "figure": False},
    "r33_periods_history": {
        "en": "– for {periods}: the data start on {date} but {n} customers were acquired before, so who was active, "
              "retained, lost or returned there, and the repeat rate, would need purchases from before the data.",
        "zh": "{periods}显示 –：数据从 {date} 开始，但有 {n} 位客户在此之前获客，这些期间的活跃、保留、流失、回流客户数和回头率"
              "需要数据开始之前的购买记录。", "figure": False},
    "r33_periods_range": {"en": "{first} to {last}", "zh": "{first}至{last}", "figure": False},
    "r33_cohorts_before_data": {
        "en": "Blank cells before {date} lie before the data (not observed), not at 0%.",
        "zh": "{date} 之前的空白格子在数据范围之外（未观测），不是 0%。", "figure": False},
    "r33_bridge_retention_closed": {"en": "– lost customers (no purchase after {start}, or account closed)",
                                    "zh": "– 流失客户（{start} 之后没有购买，或已销户）", "figure": False},
    "r33_bridge_closed": {
        "en": "Lost customers include {n} whose account closed between the two dates, and {k} of the new customers "
              "closed again by {end}: closed accounts are worth 0 at the end; {m} closed on or before {start} are "
              "not in the bridge.",
        "zh": "流失客户包括两个日期之间销户的 {n} 位，新客户中也有 {k} 位在 {end} 之前已销户：已销户的账户期末价值为 0；"
              "{start} 当天或之前已销户的 {m} 位不在桥图中。",
        "figure": False},
    "r33_equity_not_valued": {
        "en": "Customer equity is computed for {last} (each valuation fits two models; parameter equity_periods, "
              "0 = every period); – = not computed.",
        "zh": "客户资产只计算{last}（每次估值都要拟合两个模型；参数 equity_periods，0 = 每一期）；– 表示未计算。",
        "figure": False},
    "r33_last_period": {"en": "the last period", "zh": "最近一期", "figure": False},
    "r33_last_n_periods": {"en": "the last {n} periods", "zh": "最近 {n} 期", "figure": False},
    "r33_equity_missing": {
        "en": "– in the equity column: too few repeat buyers by then to fit the value models.",
        "zh": "客户资产一列中的 – 表示：当时的重复购买客户太少，无法拟合价值模型。", "figure": False},
    # ---------------------------------------------------------------- cohorts
    "r33_cohorts_from_acquisition": {"en": "Cohorts by acquisition date (customer table): {cohorts}.",
                                     "zh": "同期群按获客日期（客户表）划分：{cohorts}。", "figure": False},
    "r33_cohorts_from_first": {
        "en": "Cohorts by first purchase (the customer table has no acquisition date for every buyer): {cohorts}.",
        "zh": "同期群按首次购买划分（客户表中并非每位购买客户都有获客日期）：{cohorts}。", "figure": False},
    "r33_cohorts_many": {"en": "{n} cohorts of {low} to {high} customers, {total} in all",
                         "zh": "共 {n} 个同期群，每个 {low} 至 {high} 位客户，合计 {total} 位", "figure": False},
    "r33_cohorts_one": {"en": "one cohort of {total} customers (all acquired in the same period)",
                        "zh": "只有一个同期群，共 {total} 位客户（都在同一期获得）", "figure": False},
    # ---------------------------------------------------------------- equity bridge
    "r33_col_step": {"en": "Step", "zh": "项目", "figure": False},
    "r33_col_customers": {"en": "Customers", "zh": "客户数", "figure": False},
    "r33_col_amount": {"en": "Amount ({currency})", "zh": "金额（{currency}）", "figure": False},
    "r33_bridge_start": {"en": "Customer equity on {start}", "zh": "{start} 的客户资产", "figure": False},
    "r33_bridge_acquisition": {"en": "+ new customers (first purchase after {start})",
                               "zh": "+ 新客户（{start} 之后首次购买）", "figure": False},
    "r33_bridge_retention": {"en": "– lost customers (no purchase after {start})",
                             "zh": "– 流失客户（{start} 之后没有购买）", "figure": False},
    "r33_bridge_activity": {"en": "± retained customers (bought again): change of their value",
                            "zh": "± 保留客户（再次购买）：其价值的变化", "figure": False},
    "r33_bridge_end": {"en": "Customer equity on {end}", "zh": "{end} 的客户资产", "figure": False},
    "r33_bridge_none": {
        "en": "The equity bridge needs customer values on {date} and on the report date; there are too few repeat "
              "buyers up to {date} to fit the value models. Set bridge_start to a later date.",
        "zh": "客户资产桥需要 {date} 和报告日两天的客户价值；截至 {date} 的重复购买客户太少，无法拟合价值模型。请把 bridge_start 设为更晚的日期。",
        "figure": False},
    # ---------------------------------------------------------------- early warnings
    "r33_warnings_rules": {
        "en": "Checked on {date} for the {base} current customers (not closed): stopped ordering = probability of "
              "still buying below {p}; orders behind plan = revenue of the last {months} months below {share} of the "
              "plan; debt above the credit limit = balance above the limit; cost above budget = cost to serve of the "
              "last {months} months above the budget.",
        "zh": "于 {date} 对 {base} 位现有客户（未销户）进行检查：停止订货 = 仍在购买的概率低于 {p}；订货落后于计划 = 近 {months} "
              "个月收入低于计划的 {share}；欠款超过信用额度 = 欠款余额高于额度；服务成本超出预算 = 近 {months} 个月服务成本高于预算。",
        "figure": False},
    "r33_warnings_broad": {
        "en": "{share} of the current customers are warned, so the list is long: start at the top, where the most "
              "valuable customers are. \"{warning}\" alone flags {top_share}; a few months of orders are noisy, so "
              "a stricter threshold (parameters plan_share, warning_months, min_p_alive) gives a shorter list.",
        "zh": "现有客户中有 {share} 触发了预警，名单很长：请从最上面价值最高的客户开始。仅“{warning}”一项就标记了 {top_share} 的客户；"
              "几个月的订货波动较大，更严格的阈值（参数 plan_share、warning_months、min_p_alive）会得到更短的名单。", "figure": False},
    "r33_col_of_current": {"en": "% of {n} current customers", "zh": "占 {n} 位现有客户的比例", "figure": False},
    "r33_not_checked": {"en": "not checked (needs {columns})", "zh": "未检查（需要 {columns}）", "figure": False},
    "r33_col_segment": {"en": "Segment", "zh": "客户类型", "figure": False},
    "r33_segment_retail shop": {"en": "retail shop", "zh": "零售店", "figure": False},
    "r33_segment_restaurant": {"en": "restaurant", "zh": "餐厅", "figure": False},
    "r33_segment_office": {"en": "office", "zh": "办公单位", "figure": False},
    "r33_segment_individual": {"en": "individual", "zh": "个人", "figure": False},
    "r33_list_warnings": {"en": "Early-warning list", "zh": "客户预警名单", "figure": False},
    "r33_list_dissatisfied": {"en": "Valuable and dissatisfied customers", "zh": "高价值但不满意的客户",
                              "figure": False},
    "r33_list_more": {"en": "The page shows the first {shown} of {total}, most valuable first; the files hold all of them.",
                      "zh": "本页按价值从高到低列出 {total} 位中的前 {shown} 位；文件中有全部名单。", "figure": False},
    "r33_list_all": {"en": "All {total} are shown, most valuable first.", "zh": "按价值从高到低列出全部 {total} 位。",
                     "figure": False},
    "r33_list_empty": {"en": "No current customer raises a warning with the thresholds of the parameters.",
                       "zh": "按参数中的阈值，没有现有客户触发预警。", "figure": False},
    # ---------------------------------------------------------------- satisfaction x value
    "r33_matrix_base": {
        "en": "{surveyed} customers answered the survey; {matched} of them have a satisfaction index and a value (of "
              "{customers} customers valued).",
        "zh": "{surveyed} 位客户回答了问卷，其中 {matched} 位既有满意度指数又有价值估计（共对 {customers} 位客户估值）。",
        "figure": False},
    "r33_matrix_skipped": {"en": "{n} skipped a satisfaction question and have no index.",
                           "zh": "{n} 位跳过了某道满意度题目，没有满意度指数。", "figure": False},
    "r33_matrix_rules": {
        "en": "Valuable = the top {top} of all customers by value (from {cut}); dissatisfied = satisfaction index "
              "(0-100, the mean of the satisfaction questions rescaled) below {threshold}.",
        "zh": "高价值 = 全部客户中价值排名前 {top}（价值不低于 {cut}）；不满意 = 满意度指数（0-100，满意度题目均值换算而来）低于 {threshold}。",
        "figure": False},
    "r33_col_group": {"en": "Group", "zh": "客户群", "figure": False},
    "r33_col_of_surveyed": {"en": "% of {n} surveyed", "zh": "占 {n} 位受访客户的比例", "figure": False},
    "r33_col_value": {"en": "Value ({currency})", "zh": "价值（{currency}）", "figure": False},
    "r33_col_value_share": {"en": "% of value", "zh": "价值占比", "figure": False},
    "r33_col_mean_satisfaction": {"en": "Mean satisfaction (0-100)", "zh": "平均满意度（0-100）", "figure": False},
    "r33_col_satisfaction": {"en": "Satisfaction (0-100)", "zh": "满意度（0-100）", "figure": False},
    "r33_quadrant_valuable_dissatisfied": {"en": "Valuable and dissatisfied", "zh": "高价值、不满意", "figure": False},
    "r33_quadrant_valuable_satisfied": {"en": "Valuable and satisfied", "zh": "高价值、满意", "figure": False},
    "r33_quadrant_other_dissatisfied": {"en": "Others, dissatisfied", "zh": "其他客户、不满意", "figure": False},
    "r33_quadrant_other_satisfied": {"en": "Others, satisfied", "zh": "其他客户、满意", "figure": False},
    "r33_fig_value_axis": {"en": "Customer value, next {h} months ({currency})",
                           "zh": "客户价值，未来 {h} 个月（{currency}）"},
    # ---------------------------------------------------------------- complaints
    "r33_kpi_complaints": {"en": "Complaints up to the report date", "zh": "截至报告日的投诉", "figure": False},
    "r33_kpi_complainers": {"en": "Customers who complained at least once", "zh": "至少投诉过一次的客户",
                            "figure": False},
    "r33_kpi_per_100": {"en": "Complaints per 100 customers", "zh": "每 100 位客户的投诉数", "figure": False},
    "r33_kpi_per_year": {"en": "Complaints per customer and year as a customer", "zh": "每位客户每年的投诉数",
                         "figure": False},
    "r33_kpi_resolved": {"en": "Complaints resolved", "zh": "已解决的投诉", "figure": False},
    "r33_kpi_days": {"en": "Days to resolve (resolved complaints)", "zh": "解决所需天数（已解决的投诉）",
                     "figure": False},
    "r33_complaints_unlabelled": {
        "en": "{n} customers without a churn label (blank: unknown whether they left) are left out of the complaint "
              "rates, the funnel and C10/C11.",
        "zh": "{n} 位客户的流失标记为空（不知道是否已离开），未计入投诉率、投诉漏斗和 C10/C11。", "figure": False},
    "r33_h_resolution": {"en": "How fast complaints are resolved", "zh": "投诉解决得有多快", "figure": False},
    "r33_h_funnel": {"en": "The complaint funnel: dissatisfied, complained, resolved, stayed",
                     "zh": "投诉漏斗：不满意、投诉、解决、留下", "figure": False},
    "r33_h_recovery": {"en": "Do customers whose complaint was resolved stay longer? (C10)",
                       "zh": "投诉得到解决的客户会留得更久吗？（C10）", "figure": False},
    "r33_h_before_churn": {"en": "Do customers complain before they leave? (C11)", "zh": "客户离开前会投诉吗？（C11）",
                           "figure": False},
    "r33_all_complaints": {"en": "All complaints", "zh": "全部投诉", "figure": False},
    "r33_col_category": {"en": "Category", "zh": "类别", "figure": False},
    "r33_col_complaints": {"en": "Complaints", "zh": "投诉数", "figure": False},
    "r33_col_resolved": {"en": "Resolved (of known outcomes)", "zh": "已解决（结果已知者中）", "figure": False},
    "r33_col_median_days": {"en": "Median days", "zh": "中位天数", "figure": False},
    "r33_col_p90_days": {"en": "9 in 10 within (days)", "zh": "九成在（天）内", "figure": False},
    "r33_col_within_7": {"en": "Resolved within 7 days", "zh": "7 天内解决", "figure": False},
    "r33_col_within_30": {"en": "Resolved within 30 days", "zh": "30 天内解决", "figure": False},
    "r33_category_delivery": {"en": "Delivery", "zh": "配送", "figure": False},
    "r33_category_quality": {"en": "Product quality", "zh": "产品质量", "figure": False},
    "r33_category_price": {"en": "Price", "zh": "价格", "figure": False},
    "r33_category_service": {"en": "Service", "zh": "服务", "figure": False},
    "r33_category_billing": {"en": "Billing", "zh": "账单", "figure": False},
    "r33_funnel_intro": {
        "en": "Of the {n} surveyed customers, those with a satisfaction index below {threshold} count as dissatisfied; "
              "each step's share is of the step before (95% interval), next to the course's figure.",
        "zh": "在 {n} 位受访客户中，满意度指数低于 {threshold} 的算作不满意；每一步的比例以上一步为基数（括号内为 95% 区间），并与教材中的数字对照。",
        "figure": False},
    "r33_col_customers_of_base": {"en": "Customers (of the step before)", "zh": "客户数（占上一步）", "figure": False},
    "r33_col_share_ci": {"en": "Share (95% interval)", "zh": "比例（95% 区间）", "figure": False},
    "r33_col_claim": {"en": "Course's figure", "zh": "教材数字", "figure": False},
    "r33_funnel_dissatisfied": {"en": "Dissatisfied (of the surveyed)", "zh": "不满意（占受访客户）", "figure": False},
    "r33_funnel_complained": {"en": "… complained", "zh": "……投诉了", "figure": False},
    "r33_funnel_resolved": {"en": "… all their complaints resolved", "zh": "……投诉全部得到解决", "figure": False},
    "r33_funnel_stayed": {"en": "… stayed (did not close the account)", "zh": "……留了下来（未销户）", "figure": False},
    "r33_funnel_stayed_unresolved": {"en": "For comparison: stayed after an unresolved complaint",
                                     "zh": "对照：投诉未解决后仍留下", "figure": False},
    "r33_funnel_stayed_silent": {"en": "For comparison: stayed without complaining", "zh": "对照：未投诉且留下",
                                 "figure": False},
    "r33_kept_interval": {"en": "{share} ({low} to {high}; {n} customers)", "zh": "{share}（{low} 至 {high}；{n} 位客户）",
                          "figure": False},
    "r33_kept_interval_draws": {
        "en": "{share} ({low} to {high}; {k} customers, drawn {n} times as comparisons)",
        "zh": "{share}（{low} 至 {high}；{k} 位客户，作为对照共抽取 {n} 次）", "figure": False},
    "r33_not_followed": {"en": "not known ({n} customers, none followed that long)",
                         "zh": "未知（{n} 位客户，无人被观察到这么久）", "figure": False},
    "r33_c10_head": {
        "en": "Still customers {h} months after their first complaint was {grace} days old: {resolved} when it had "
              "been resolved within those {grace} days, {unresolved} when it had not; {none} of comparable customers "
              "of the same tenure who had not complained.",
        "zh": "首次投诉满 {grace} 天后再过 {h} 个月仍是客户的比例：在这 {grace} 天内得到解决的为 {resolved}，未解决的为 {unresolved}；"
              "同等在网时长、未投诉的可比客户为 {none}。",
        "figure": False},
    "r33_c10_supported": {
        "en": "Customers whose complaint was resolved stay more than those who never complained (by {diff} points, "
              "95% interval {low} to {high}): the service-recovery paradox (C10) holds here.",
        "zh": "投诉得到解决的客户比从未投诉的客户留存更多（高 {diff} 个百分点，95% 区间 {low} 至 {high}）：服务补救悖论（C10）在这里成立。",
        "figure": False},
    "r33_c10_opposite": {
        "en": "Customers whose complaint was resolved stay less than those who never complained (by {diff} points, "
              "95% interval {low} to {high}): no recovery paradox (C10) here.",
        "zh": "投诉得到解决的客户比从未投诉的客户留存更少（低 {diff} 个百分点，95% 区间 {low} 至 {high}）：这里没有服务补救悖论（C10）。",
        "figure": False},
    "r33_c10_noise": {
        "en": "The difference between resolved complainers and customers who never complained ({diff} points, 95% "
              "interval {low} to {high}) is within the noise: the data neither confirm nor refute C10.",
        "zh": "投诉已解决的客户与从未投诉的客户之间的差异（{diff} 个百分点，95% 区间 {low} 至 {high}）在随机误差范围内：数据既不能证实也不能否定 C10。",
        "figure": False},
    "r33_c10_unknown": {"en": "Too few customers were followed that long to compare the groups.",
                        "zh": "被观察到这么久的客户太少，无法比较各组。", "figure": False},
    "r33_c10_resolve_pays": {
        "en": "Resolving a complaint keeps {diff} points more customers than leaving it unresolved.",
        "zh": "与不解决相比，解决投诉多留住 {diff} 个百分点的客户。", "figure": False},
    "r33_c11_part": {"en": "{n} of {base} ({share}; {low} to {high})", "zh": "{base} 位中的 {n} 位（{share}；{low} 至 {high}）",
                     "figure": False},
    "r33_c11_head": {
        "en": "Complained in the last {days} days before leaving: {churners} of the customers who left; in the last "
              "{days} days of the data: {stayers} of the customers who stayed.",
        "zh": "离开前最后 {days} 天内投诉过的：离开的客户中 {churners}；数据最后 {days} 天内投诉过的：留下的客户中 {stayers}。",
        "figure": False},
    "r33_c11_supported": {
        "en": "Most leavers complained before leaving, and far more often than stayers: complaints are an early "
              "warning (C11 holds here).",
        "zh": "大多数离开的客户在离开前投诉过，且远多于留下的客户：投诉是一种预警信号（C11 在这里成立）。", "figure": False},
    "r33_c11_more_not_most": {
        "en": "Leavers complained more often than stayers, but not most of them: complaints warn of some departures, "
              "not most (C11 only in part).",
        "zh": "离开的客户比留下的客户更常投诉，但并非大多数人投诉过：投诉只能预警部分流失（C11 仅部分成立）。", "figure": False},
    "r33_c11_more_maybe_most": {
        "en": "Leavers complained far more often than stayers; whether more than half of them complain first is "
              "within the noise (C11 holds for \"more often\", not clearly for \"most\").",
        "zh": "离开的客户比留下的客户投诉得多得多；至于是否超过一半的离开者先投诉，则在随机误差范围内（C11 的“更常投诉”成立，“大多数”尚不明确）。",
        "figure": False},
    "r33_c11_most_not_more": {
        "en": "Most leavers complained before leaving, but stayers complained as often: complaints do not single out "
              "the leavers (C11 only in part).",
        "zh": "大多数离开的客户在离开前投诉过，但留下的客户投诉得同样频繁：投诉并不能把要离开的客户区分出来（C11 部分成立）。",
        "figure": False},
    "r33_funnel_unknown": {
        "en": "{n} of the {complained} dissatisfied complainers are left out of the resolved step and the next: the "
              "outcome of some of their complaints is unknown (and none is known to be unresolved).",
        "zh": "{complained} 位投诉过的不满意客户中，有 {n} 位不计入“投诉全部得到解决”及之后的环节：他们的部分投诉结果未知"
              "（且没有已知未解决的投诉）。",
        "figure": False},
    "r33_c11_not_most": {
        "en": "Most leavers did not complain before leaving: waiting for complaints misses most departures (C11 does "
              "not hold here).",
        "zh": "大多数离开的客户在离开前没有投诉：只等投诉会错过大多数流失（C11 在这里不成立）。", "figure": False},
    "r33_c11_noise": {"en": "The data are too few to tell whether most leavers complain first (C11).",
                      "zh": "数据太少，无法判断大多数离开的客户是否先投诉（C11）。", "figure": False},
    # ---------------------------------------------------------------- needs data
    "r33_needs": {"en": "This section needs {what}. Import it with: `{how}`",
                  "zh": "本节需要{what}。请用以下命令导入：`{how}`", "figure": False},
    "r33_needs_intro": {"en": "This section needs {what}. Import it with:",
                        "zh": "本节需要{what}。请用以下命令导入：", "figure": False},
    "r33_needs_after": {"en": "Then render the report again; the other sections do not need it.",
                        "zh": "导入后请重新生成报告；其他各节不需要这些数据。", "figure": False},
    "r33_needs_warnings": {"en": "Not checked for want of customer columns: {items}. Import the columns with:",
                           "zh": "因客户表缺少以下列而未检查：{items}。请用以下命令导入这些列：", "figure": False},
    "r33_warning_needs_item": {"en": "{warning} (needs {columns})", "zh": "{warning}（需要 {columns}）",
                               "figure": False},
    "r33_needs_transactions": {"en": "the customers' purchases (a transaction log)", "zh": "客户的购买记录（交易日志）",
                               "figure": False},
    "r33_needs_survey": {"en": "survey answers linked to customers by their customer id",
                         "zh": "通过客户编号关联到客户的问卷答复", "figure": False},
    "r33_needs_items": {"en": "the survey's satisfaction questions ({items} are not in the survey)",
                        "zh": "问卷中的满意度题目（问卷中没有 {items}）", "figure": False},
    "r33_needs_items_intro": {"en": "This section needs {what}. Name your satisfaction questions with the parameter "
                                    "satisfaction_items, e.g.:",
                              "zh": "本节需要{what}。请用参数 satisfaction_items 指定你的满意度题目，例如：", "figure": False},
    "r33_needs_complaints": {"en": "a complaint log (one row per complaint: customer id, date, resolved or not, "
                                   "category, days to resolve)",
                             "zh": "投诉记录（每件投诉一行：客户编号、日期、是否解决、类别、解决天数）", "figure": False},
    "r33_needs_columns": {"en": "the customer columns {columns}", "zh": "客户表中的 {columns} 列", "figure": False},
    "r33_needs_column": {"en": "the customer column {columns}", "zh": "客户表中的 {columns} 列", "figure": False},
    "r33_needs_history": {"en": "purchase history up to {date}", "zh": "截至 {date} 的购买记录", "figure": False},
    "r33_section_failed": {"en": "This section could not be computed on this data: {reason}",
                           "zh": "本节无法用这些数据计算：{reason}", "figure": False},
}
