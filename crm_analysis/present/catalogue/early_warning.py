"""Words of the linked customer base (early_warning): tables, prose and figure labels, en/zh (see the package).

Keys start with ``early_warning_``.  The reason names are the keys of
:data:`crm_analysis.churn.early_warning.WARNINGS` (``early_warning_reason_<key>``,
a test keeps the two equal); ``early_warning_detail_<key>`` says the reason with
its amounts, fields filled by the report (money already formatted, e.g.
``revenue="1,200"``).  Figure entries are the English texts that
:func:`crm_analysis.churn.plot_early_warnings` writes.
"""

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- the four warnings (reason names)
    "early_warning_reason_stopped_ordering": {"en": "stopped ordering", "zh": "停止订货", "figure": False},
    "early_warning_reason_behind_plan": {"en": "orders behind plan", "zh": "订货落后于计划", "figure": False},
    "early_warning_reason_over_credit": {"en": "debt above the credit limit", "zh": "欠款超过信用额度",
                                         "figure": False},
    "early_warning_reason_over_budget": {"en": "cost above budget", "zh": "服务成本超出预算", "figure": False},
    # ---------------------------------------------------------------- a reason with its amounts
    "early_warning_detail_stopped_ordering": {
        "en": "no order for {weeks} weeks; P(alive) {p}, below {threshold}",
        "zh": "已 {weeks} 周未订货；P(alive) {p}，低于 {threshold}", "figure": False},
    "early_warning_detail_stopped_ordering_never": {
        "en": "P(alive) {p}, below {threshold}", "zh": "P(alive) {p}，低于 {threshold}", "figure": False},
    "early_warning_detail_behind_plan": {
        "en": "revenue {currency} {revenue} in the last {months} months against a plan of {currency} {plan}",
        "zh": "近 {months} 个月收入 {revenue} {currency}，计划为 {plan} {currency}", "figure": False},
    "early_warning_detail_over_credit": {
        "en": "balance {currency} {balance} against a credit limit of {currency} {limit} ({currency} {gap} over)",
        "zh": "欠款余额 {balance} {currency}，信用额度 {limit} {currency}（超出 {gap} {currency}）",
        "figure": False},
    "early_warning_detail_over_budget": {
        "en": "cost to serve {currency} {cost} ({orders} orders) in the last {months} months against a budget of "
              "{currency} {budget}",
        "zh": "近 {months} 个月服务成本 {cost} {currency}（{orders} 笔订单），预算为 {budget} {currency}",
        "figure": False},
    "early_warning_reason_join": {"en": "; ", "zh": "；", "figure": False},
    # ---------------------------------------------------------------- not checked
    "early_warning_not_checked": {
        "en": "{warning}: not checked, the customer table has no {columns} (import: {option}).",
        "zh": "{warning}：未检查，客户表中没有 {columns}（导入方式：{option}）。", "figure": False},
    "early_warning_not_checked_fit": {
        "en": "{warning}: not checked, the BG/NBD model of P(alive) could not be fitted ({detail}).",
        "zh": "{warning}：未检查，无法拟合计算 P(alive) 的 BG/NBD 模型（{detail}）。", "figure": False},
    "early_warning_missing_values": {
        "en": "{warning}: {n} customers not checked (a missing value).",
        "zh": "{warning}：{n} 位客户因数值缺失未检查。", "figure": False},
    # ---------------------------------------------------------------- thresholds and value source
    "early_warning_thresholds": {
        "en": "Warnings on {as_of}: P(alive) below {min_p_alive}; revenue of the last {plan_months} months below "
              "{plan_share} of plan; balance above the credit limit; cost to serve of the last {budget_months} "
              "months above budget.",
        "zh": "截至 {as_of} 的预警标准：P(alive) 低于 {min_p_alive}；近 {plan_months} 个月收入低于计划的 "
              "{plan_share}；欠款余额超过信用额度；近 {budget_months} 个月服务成本超出预算。", "figure": False},
    "early_warning_value_trailing": {
        "en": "Value = revenue of the last {months} months.", "zh": "价值 = 近 {months} 个月收入。",
        "figure": False},
    "early_warning_value_given": {
        "en": "Value = {name}.", "zh": "价值 = {name}。", "figure": False},
    "early_warning_churned": {
        "en": "{n} customers who had already left are not on the list.",
        "zh": "{n} 位已流失客户不在名单中。", "figure": False},
    # ---------------------------------------------------------------- table columns
    "early_warning_col_customer": {"en": "Customer", "zh": "客户", "figure": False},
    "early_warning_col_value": {"en": "Value ({currency})", "zh": "价值（{currency}）", "figure": False},
    "early_warning_col_n_warnings": {"en": "Warnings", "zh": "预警数", "figure": False},
    "early_warning_col_reasons": {"en": "Reasons", "zh": "预警原因", "figure": False},
    "early_warning_col_warning": {"en": "Warning", "zh": "预警", "figure": False},
    "early_warning_col_customers": {"en": "Customers", "zh": "客户数", "figure": False},
    "early_warning_col_customer_share": {"en": "% of customers", "zh": "客户占比", "figure": False},
    "early_warning_col_value_at_stake": {"en": "Value at stake ({currency})", "zh": "涉及价值（{currency}）",
                                         "figure": False},
    "early_warning_col_value_share": {"en": "% of value", "zh": "价值占比", "figure": False},
    "early_warning_row_number": {"en": "{n} warnings", "zh": "{n} 项预警", "figure": False},
    "early_warning_row_number_one": {"en": "1 warning", "zh": "1 项预警", "figure": False},
    "early_warning_row_any": {"en": "any warning", "zh": "任一预警", "figure": False},
    # ---------------------------------------------------------------- figure (plot_early_warnings)
    "early_warning_fig_title": {"en": "Early warnings: value at stake", "zh": "客户预警：涉及的客户价值"},
    "early_warning_fig_stopped_ordering": {"en": "Stopped ordering", "zh": "停止订货"},
    "early_warning_fig_behind_plan": {"en": "Orders behind plan", "zh": "订货落后于计划"},
    "early_warning_fig_over_credit": {"en": "Debt above credit limit", "zh": "欠款超过信用额度"},
    "early_warning_fig_over_budget": {"en": "Cost above budget", "zh": "服务成本超出预算"},
    "early_warning_fig_any": {"en": "Any warning", "zh": "任一预警"},
    "early_warning_fig_ylabel": {"en": "Warning", "zh": "预警"},
    "early_warning_fig_not_checked": {"en": "not checked", "zh": "未检查"},
    "early_warning_fig_n_customers": {"en": "{n} customers", "zh": "{n} 位客户"},
    "early_warning_fig_one_customer": {"en": "1 customer", "zh": "1 位客户"},
    "early_warning_fig_xlabel_trailing": {
        "en": "Revenue of the last {months} months of the warned customers ({currency})",
        "zh": "预警客户近 {months} 个月收入（{currency}）"},
    "early_warning_fig_xlabel_trailing_plain": {
        "en": "Revenue of the last {months} months of the warned customers",
        "zh": "预警客户近 {months} 个月收入"},
    "early_warning_fig_xlabel_value": {"en": "Value of the warned customers ({currency})",
                                       "zh": "预警客户的价值（{currency}）"},
    "early_warning_fig_xlabel_value_plain": {"en": "Value of the warned customers", "zh": "预警客户的价值"},
}
